using System.Security.Cryptography;
using System.Text;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

/// <summary>
/// The directory contract: how the portal's services, over a directory adapter, store users, groups and tenants and
/// how they refuse what they must refuse (docs/kopano.md, "DB-plugin tables", "Object classes and relations", "How the DB plugin reads and writes", "Login names", "How the LDAP plugin reads entries", "Rows KC expects"), checked through an
/// <see cref="IStoreProbe"/> that reads the store itself. Each test gets a fresh store with one system admin ("admin",
/// outside every tenant), signed in; the subclasses pick the backend (SQL engines: <see cref="SqlDirectoryContractTests"/>,
/// which adds the tests about KC's DB-plugin rows; LDAP: <see cref="LdapDirectoryTests"/>).
/// </summary>
public abstract partial class DirectoryContractTests : IAsyncLifetime
{
    protected const string Password = "Correct-Horse-1";

    private TestDatabase? _database;
    private DirectoryHarness? _harness;
    private IStoreProbe? _probe;

    protected static CancellationToken Ct => CancellationToken.None;

    protected DirectoryHarness H => _harness ?? throw new InvalidOperationException("The harness did not start.");

    /// <summary>Reads what the backend stored, without the portal's code.</summary>
    protected IStoreProbe Probe => _probe ?? throw new InvalidOperationException("The harness did not start.");

    /// <summary>The seeded system admin, the caller unless a test signs in as someone else.</summary>
    protected ObjectKey Admin { get; private set; }

    /// <summary>A fresh, empty database: the directory's (db) or only the portal's own tables (ldap).</summary>
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    /// <summary>The portal's services over the backend under test.</summary>
    protected virtual Task<DirectoryHarness> StartHarnessAsync(TestDatabase database) => DirectoryHarness.StartAsync(database);

    protected abstract IStoreProbe CreateProbe(DirectoryHarness harness);

    /// <summary>Removes what the backend keeps outside the test database (after the harness is disposed).</summary>
    protected virtual Task CleanUpStoreAsync() => Task.CompletedTask;

    /// <summary>Lets racing creations read but not yet write, where the backend can (see <see cref="TestDatabase.HoldObjectInsertsAsync"/>).</summary>
    protected virtual Task<WriterGate> HoldUserInsertsAsync() => H.Database.HoldObjectInsertsAsync();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _harness = await StartHarnessAsync(_database);
        _probe = CreateProbe(_harness);
        Admin = await H.SeedSystemAdminAsync();
        await H.SignInAsAsync(Admin);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_harness is not null)
                await _harness.DisposeAsync();
        }
        finally
        {
            try
            {
                await CleanUpStoreAsync();
            }
            finally
            {
                if (_database is not null)
                    await _database.DisposeAsync();
            }
        }
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

    /// <summary>The stored facts of <paramref name="key"/>; fails when the store has no such object.</summary>
    protected async Task<StoredFacts> FactsOfAsync(ObjectKey key) =>
        await Probe.FactsAsync(key) ?? throw new Xunit.Sdk.XunitException($"The store has no object with key {key}.");

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

    /// <summary>Runs <paramref name="act"/> and asserts that nothing in the directory or the audit was added, changed or removed.</summary>
    protected async Task AssertWritesNothingAsync(Func<Task> act)
    {
        var before = await Probe.SnapshotAsync();
        await act();
        Assert.Equal(before, await Probe.SnapshotAsync());
    }
}
