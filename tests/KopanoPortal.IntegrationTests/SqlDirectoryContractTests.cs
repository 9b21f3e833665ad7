using System.Security.Cryptography;
using System.Text;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

/// <summary>
/// The directory contract on the SQL adapter, plus what only KC's DB plugin tables can show: object classes, externid
/// bytes, upper-case hex companyid, modtime text, KC's salted md5, relation rows, objectmvproperty orphans, and one
/// transaction per write (proved by making the audit insert fail). The subclasses pick the engine.
/// </summary>
public abstract partial class SqlDirectoryContractTests : DirectoryContractTests
{
    protected const string ModTimePattern = @"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$";

    protected const long CompanyClass = 0x40001;      // 262145 CONTAINER_COMPANY
    protected const long ActiveUserClass = 0x10001;   // 65537 ACTIVE_USER
    protected const long NonActiveUserClass = 0x10002; // 65538 NONACTIVE_USER
    protected const long SecurityGroupClass = 0x30002; // 196610 DISTLIST_SECURITY
    protected const long GroupMemberRelation = 1;
    protected const long CompanyViewRelation = 2;

    protected RawRows Rows => H.Rows;

    protected override IStoreProbe CreateProbe(DirectoryHarness harness) => new SqlStoreProbe(harness.Rows);

    protected async Task<Dictionary<string, string?>> PropertiesOfAsync(ObjectKey key) =>
        await Rows.PropertiesAsync((await Rows.RequiredObjectAsync(key)).Id);

    /// <summary>KC's password format recomputed independently of the portal: salt + lower-hex md5(salt || password).</summary>
    protected static string KcPasswordHash(string salt, string password) =>
        salt + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(salt + password)));

    protected static void AssertKcPassword(string? stored, string password)
    {
        Assert.NotNull(stored);
        Assert.Equal(40, stored.Length);
        Assert.Matches("^[0-7][0-9a-f]{7}[0-9a-f]{32}$", stored);
        Assert.Equal(KcPasswordHash(stored[..8], password), stored);
        Assert.True(KopanoPasswordHash.Verify(stored, password), "KopanoPasswordHash.Verify rejects the stored hash.");
    }
}
