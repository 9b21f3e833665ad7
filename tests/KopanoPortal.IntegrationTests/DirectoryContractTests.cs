using System.Security.Cryptography;
using System.Text;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

/// <summary>
/// The directory contract: what the portal's services, over the SQL adapter, write into KC's DB-plugin tables and
/// how they refuse what they must refuse (reference/kopano.md §1.1, §2, §3, §4, §5.6, §9). Each test gets a fresh,
/// migrated database with one system admin ("admin", outside every tenant), signed in; the subclasses pick the engine.
/// </summary>
public abstract partial class DirectoryContractTests : IAsyncLifetime
{
    protected const string Password = "Correct-Horse-1";
    protected const string ModTimePattern = @"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$";

    protected const long CompanyClass = 0x40001;      // 262145 CONTAINER_COMPANY
    protected const long ActiveUserClass = 0x10001;   // 65537 ACTIVE_USER
    protected const long NonActiveUserClass = 0x10002; // 65538 NONACTIVE_USER
    protected const long SecurityGroupClass = 0x30002; // 196610 DISTLIST_SECURITY
    protected const long GroupMemberRelation = 1;
    protected const long CompanyViewRelation = 2;

    private TestDatabase? _database;
    private DirectoryHarness? _harness;

    protected static CancellationToken Ct => CancellationToken.None;

    protected DirectoryHarness H => _harness ?? throw new InvalidOperationException("The harness did not start.");

    protected RawRows Rows => H.Rows;

    /// <summary>The seeded system admin, the caller unless a test signs in as someone else.</summary>
    protected ObjectKey Admin { get; private set; }

    /// <summary>A fresh, empty database of the engine under test.</summary>
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _harness = await DirectoryHarness.StartAsync(_database);
        Admin = await H.SeedSystemAdminAsync();
        await H.SignInAsAsync(Admin);
    }

    public async Task DisposeAsync()
    {
        if (_harness is not null)
            await _harness.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    // --- arrangement through the services (as the current actor) -------------------------------------------

    protected async Task<ObjectKey> NewTenantAsync(string name)
    {
        var created = await H.Tenants(s => s.CreateAsync(new TenantForm { Name = name }, Ct));
        Assert.True(created.Succeeded, $"Creating tenant '{name}' failed: {created.Error?.Message}");
        return created.Value;
    }

    protected static UserForm UserFormFor(string name, string? password = Password, bool active = true, AdminLevel level = AdminLevel.None,
        string? fullName = null, string? email = null) => new()
        {
            Name = name,
            FullName = fullName ?? $"{name} Example",
            Email = email ?? $"{name}@example.org",
            Password = password,
            IsActive = active,
            AdminLevel = level,
        };

    protected async Task<ObjectKey> NewUserAsync(ObjectKey tenant, string name, string? password = Password, bool active = true,
        AdminLevel level = AdminLevel.None, string? fullName = null, string? email = null)
    {
        var created = await H.Users(s => s.CreateAsync(tenant, UserFormFor(name, password, active, level, fullName, email), Ct));
        Assert.True(created.Succeeded, $"Creating user '{name}' failed: {created.Error?.Message}");
        return created.Value;
    }

    protected async Task<ObjectKey> NewGroupAsync(ObjectKey tenant, string name, string email = "")
    {
        var created = await H.Groups(s => s.CreateAsync(tenant, new GroupForm { Name = name, Email = email }, Ct));
        Assert.True(created.Succeeded, $"Creating group '{name}' failed: {created.Error?.Message}");
        return created.Value;
    }

    protected async Task AddMemberAsync(ObjectKey group, ObjectKey user) =>
        Ok(await H.Groups(s => s.AddMemberAsync(group, user, Ct)));

    protected async Task<UserSummary> UserAsync(ObjectKey user)
    {
        var details = await H.Users(s => s.GetAsync(user, Ct));
        Assert.True(details.Succeeded, $"Reading user {user} failed: {details.Error?.Message}");
        return details.Value!.User;
    }

    protected async Task<Dictionary<string, string?>> PropertiesOfAsync(ObjectKey key) =>
        await Rows.PropertiesAsync((await Rows.RequiredObjectAsync(key)).Id);

    // --- assertions -------------------------------------------------------------------------------------------

    protected static void Ok(Result result) =>
        Assert.True(result.Succeeded, $"Expected success, got {result.Error?.GetType().Name}: {result.Error?.Message}");

    protected static TError Failed<TError>(Result result)
        where TError : OperationError
    {
        Assert.False(result.Succeeded, $"Expected {typeof(TError).Name}, but the call succeeded.");
        return Assert.IsType<TError>(result.Error);
    }

    protected static TError Failed<TError, T>(Result<T> result)
        where TError : OperationError
    {
        Assert.False(result.Succeeded, $"Expected {typeof(TError).Name}, but the call succeeded.");
        return Assert.IsType<TError>(result.Error);
    }

    /// <summary>Refused as unauthorized: <see cref="Forbidden"/>, or <see cref="NotFound"/> where the service hides what the caller may not see.</summary>
    protected static OperationError Denied(Result result)
    {
        Assert.False(result.Succeeded, "Expected the call to be refused, but it succeeded.");
        Assert.True(result.Error is NotFound or Forbidden, $"Expected NotFound or Forbidden, got {result.Error!.GetType().Name}: {result.Error.Message}");
        return result.Error!;
    }

    protected static OperationError Denied<T>(Result<T> result)
    {
        Assert.False(result.Succeeded, "Expected the call to be refused, but it succeeded.");
        Assert.True(result.Error is NotFound or Forbidden, $"Expected NotFound or Forbidden, got {result.Error!.GetType().Name}: {result.Error.Message}");
        return result.Error!;
    }

    /// <summary>Runs <paramref name="act"/> and asserts that no row of KC's four tables or of the audit was added, changed or removed.</summary>
    protected async Task AssertWritesNothingAsync(Func<Task> act)
    {
        var counts = await Rows.CountsAsync();
        var before = await Rows.SnapshotAsync();
        await act();
        Assert.Equal(counts, await Rows.CountsAsync());
        Assert.Equal(before, await Rows.SnapshotAsync());
    }

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
