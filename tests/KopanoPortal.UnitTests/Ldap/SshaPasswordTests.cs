using System.Security.Cryptography;
using System.Text;
using KopanoPortal.Core.Kopano;

namespace KopanoPortal.UnitTests.Ldap;

public sealed class SshaPasswordTests
{
    [Fact]
    public void A_hash_is_base64_of_sha1_of_password_and_salt_followed_by_the_salt()
    {
        byte[] salt = [1, 2, 3, 4, 5, 6, 7, 8];
        var expected = "{SSHA}" + Convert.ToBase64String([.. SHA1.HashData(Encoding.UTF8.GetBytes("secret").Concat(salt).ToArray()), .. salt]);

        Assert.Equal(expected, SshaPassword.Compute("secret", salt));
    }

    [Fact]
    public void Created_hashes_verify_only_with_their_password_and_differ_by_salt()
    {
        var first = SshaPassword.Create("Passw0rd!");
        var second = SshaPassword.Create("Passw0rd!");

        Assert.NotEqual(first, second);
        Assert.True(SshaPassword.Verify(first, "Passw0rd!"));
        Assert.False(SshaPassword.Verify(first, "passw0rd!"));
        Assert.False(SshaPassword.Verify("{SHA}" + first[6..], "Passw0rd!"));
    }
}
