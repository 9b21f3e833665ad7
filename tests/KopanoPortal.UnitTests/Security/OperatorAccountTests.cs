using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Operators;
using KopanoPortal.Core.Security;

namespace KopanoPortal.UnitTests.Security;

public sealed class OperatorAccountTests
{
    [Fact]
    public void An_operator_password_is_a_stretched_salted_hash_and_never_KCs_md5()
    {
        var hash = OperatorPasswords.Hash("Operator-Pass-1");

        // Identity's V3 format: marker byte 0x01, then PRF, iteration count (big-endian) and salt length.
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        Assert.True((bytes[5] << 24 | bytes[6] << 16 | bytes[7] << 8 | bytes[8]) >= 100_000, "Fewer than 100,000 PBKDF2 iterations.");
        Assert.NotEqual(hash, OperatorPasswords.Hash("Operator-Pass-1"));
        Assert.False(KopanoPasswordHash.Verify(hash, "Operator-Pass-1"));
        Assert.True(OperatorPasswords.Verify(hash, "Operator-Pass-1"));
        Assert.False(OperatorPasswords.Verify(hash, "Operator-Pass-2"));
        Assert.False(OperatorPasswords.Verify(null, "Operator-Pass-1"));
        Assert.False(OperatorPasswords.Verify(hash, ""));
    }

    [Fact]
    public void A_migrated_hash_verifies_in_the_directorys_own_format_and_nothing_else_does()
    {
        Assert.True(OperatorPasswords.VerifyLegacy(KopanoPasswordHash.Create("Admin-Pass-1"), "Admin-Pass-1"));
        Assert.False(OperatorPasswords.VerifyLegacy(KopanoPasswordHash.Create("Admin-Pass-1"), "Admin-Pass-2"));
        Assert.True(OperatorPasswords.VerifyLegacy(SshaPassword.Create("Admin-Pass-1"), "Admin-Pass-1"));
        Assert.False(OperatorPasswords.VerifyLegacy(SshaPassword.Create("Admin-Pass-1"), "Admin-Pass-2"));
        Assert.False(OperatorPasswords.VerifyLegacy("{CRYPT}$6$salt$hash", "Admin-Pass-1"));
        Assert.False(OperatorPasswords.VerifyLegacy("{SSHA}not base64!", "Admin-Pass-1"));
        Assert.False(OperatorPasswords.VerifyLegacy("Admin-Pass-1", "Admin-Pass-1"));
        Assert.False(OperatorPasswords.VerifyLegacy(null, "Admin-Pass-1"));
    }

    [Fact]
    public void An_operators_account_key_is_operator_and_its_id_and_no_directory_key_reads_as_one()
    {
        var key = OperatorKeys.Of(42);

        Assert.Equal("operator:42", key.Value);
        Assert.Equal(42, OperatorKeys.IdOf(key));
        Assert.Null(OperatorKeys.IdOf(new ObjectKey("0A1B2C3D4E5F60718293A4B5C6D7E8F9")));
        Assert.Null(OperatorKeys.IdOf(new ObjectKey("2f0c8a4e-1b7d-4a3e-9f2a-6b1c0d9e8f7a")));
        Assert.Null(OperatorKeys.IdOf(new ObjectKey("operator:-1")));
        Assert.Null(OperatorKeys.IdOf(new ObjectKey("operator:1 ")));
    }

    [Fact]
    public void An_operator_acts_as_system_admin_of_no_tenant_with_no_directory_user()
    {
        var actor = Actor.ForOperator(new OperatorAccount(7, "root", "Root", true, DateTimeOffset.UnixEpoch));

        Assert.True(actor.IsOperator);
        Assert.Null(actor.User);
        Assert.Equal(OperatorKeys.Of(7), actor.Key);
        Assert.Equal("root", actor.Login);
        Assert.Equal(AdminLevel.SystemAdmin, actor.Level);
        Assert.Null(actor.Tenant);
        var policy = new AccessPolicy(hosted: true);
        Assert.True(policy.CanManageTenants(actor));
        Assert.True(policy.CanAdminister(actor, new ObjectKey("AB")));
        Assert.Equal(AdminLevel.SystemAdmin, policy.MaxGrantableLevel(actor, new ObjectKey("AB")));
    }
}
