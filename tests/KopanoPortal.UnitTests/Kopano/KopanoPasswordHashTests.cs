using System.Text.RegularExpressions;
using KopanoPortal.Core.Kopano;

namespace KopanoPortal.UnitTests.Kopano;

/// <summary>The DB plugin's salted MD5 format (docs/kopano.md, "Externid and password hash").</summary>
public sealed class KopanoPasswordHashTests
{
    // Salt, then coreutils' MD5 of salt and password (`printf %s 0a1b2c3dsecret | md5sum`): made without the portal.
    private const string SecretHash = "0a1b2c3d8633ae2424d0813ebe58c8b23ccda08f";
    private const string TestHash = "123456786e4b266b2a0fbaa2c08d61bdefe7ee48";

    [Theory]
    [InlineData("0a1b2c3d", "secret", SecretHash)]
    [InlineData("12345678", "test", TestHash)]
    public void Compute_reproduces_KCs_worked_examples(string salt, string password, string expected) =>
        Assert.Equal(expected, KopanoPasswordHash.Compute(salt, password));

    [Fact]
    public void Compute_hashes_the_password_as_UTF8_bytes()
    {
        // MAPI clients send UTF-8; the Latin-1 digest of the same text would be 7fffffff35d706aa3c0ec340873f31d9d0e7b5a0.
        Assert.Equal("7fffffff368fa5072fcd6feea0f3a8257dc1c7c1", KopanoPasswordHash.Compute("7fffffff", "pässwörd"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234567")]
    [InlineData("123456789")]
    public void Compute_refuses_a_salt_that_is_not_8_characters(string salt) =>
        Assert.Throws<ArgumentException>(() => KopanoPasswordHash.Compute(salt, "secret"));

    [Theory]
    [InlineData(SecretHash, "secret")]
    [InlineData(TestHash, "test")]
    public void Verify_accepts_KCs_worked_examples(string stored, string password) =>
        Assert.True(KopanoPasswordHash.Verify(stored, password));

    [Fact]
    public void Create_gives_40_lower_case_hex_characters()
    {
        var hash = KopanoPasswordHash.Create("secret");
        Assert.Matches(new Regex("^[0-9a-f]{40}$"), hash);
    }

    [Fact]
    public void Create_salt_starts_with_0_to_7_like_a_non_negative_int_printed_as_hex()
    {
        // A salt drawn from the full 32-bit range would start with 8-f about half of the time.
        var firsts = Enumerable.Range(0, 200).Select(_ => KopanoPasswordHash.Create("secret")[0]).ToList();
        Assert.All(firsts, c => Assert.InRange(c, '0', '7'));
    }

    [Fact]
    public void Create_uses_a_different_salt_on_each_call()
    {
        var salts = Enumerable.Range(0, 20).Select(_ => KopanoPasswordHash.Create("secret")[..8]).ToList();
        Assert.Equal(salts.Count, salts.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("secret")]
    [InlineData("pässwörd")]
    public void Create_output_is_its_salt_followed_by_the_MD5_of_salt_and_password(string password)
    {
        var hash = KopanoPasswordHash.Create(password);

        // DBPlugin::CreateMD5Hash (provider/plugins/DBBase.cpp), spelled out here rather than through Compute.
        var digest = System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(hash[..8] + password));
        Assert.Equal(Convert.ToHexStringLower(digest), hash[8..]);
    }

    [Fact]
    public void Verify_accepts_the_password_a_created_hash_was_made_from() =>
        Assert.True(KopanoPasswordHash.Verify(KopanoPasswordHash.Create("correct horse"), "correct horse"));

    [Theory]
    [InlineData("Secret")]
    [InlineData("secret ")]
    [InlineData("wrong")]
    public void Verify_rejects_a_wrong_password(string password) =>
        Assert.False(KopanoPasswordHash.Verify(SecretHash, password));

    [Fact]
    public void Verify_compares_the_digest_case_sensitively()
    {
        var upperDigest = SecretHash[..8] + SecretHash[8..].ToUpperInvariant();
        Assert.NotEqual(SecretHash, upperDigest);
        Assert.False(KopanoPasswordHash.Verify(upperDigest, "secret"));
    }

    [Fact]
    public void Verify_rejects_a_fully_upper_cased_stored_hash() =>
        Assert.False(KopanoPasswordHash.Verify(SecretHash.ToUpperInvariant(), "secret"));

    [Fact]
    public void Verify_rejects_an_empty_password_even_when_the_stored_value_is_its_hash()
    {
        var hashOfEmpty = KopanoPasswordHash.Compute("0a1b2c3d", "");
        Assert.False(KopanoPasswordHash.Verify(hashOfEmpty, ""));
    }

    [Fact]
    public void Verify_rejects_a_missing_stored_value() =>
        Assert.False(KopanoPasswordHash.Verify(null, "secret"));

    [Theory]
    [InlineData("")]
    [InlineData("0a1b2c3d")]
    [InlineData("0a1b2c3d8633ae2424d0813ebe58c8b23ccda08")]
    [InlineData("0a1b2c3d8633ae2424d0813ebe58c8b23ccda08f0")]
    public void Verify_rejects_a_stored_value_that_is_not_40_characters(string stored) =>
        Assert.False(KopanoPasswordHash.Verify(stored, "secret"));
}
