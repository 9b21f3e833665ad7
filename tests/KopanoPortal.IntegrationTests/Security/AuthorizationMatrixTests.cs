using System.Collections;
using System.Text;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Services;
using KopanoPortal.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.IntegrationTests.Security;

/// <summary>Every public service operation has a matrix row or a stated reason for having none.</summary>
public sealed class AuthorizationMatrixCoverageTests
{
    [Fact]
    public void Every_public_service_operation_has_a_matrix_row_or_a_reason_for_none()
    {
        var covered = AuthorizationMatrix.Rows.Select(r => r.Method).Concat(AuthorizationMatrix.Unguarded.Keys).ToHashSet(StringComparer.Ordinal);
        var missing = AuthorizationMatrix.PublicOperations().Where(o => !covered.Contains(o)).ToList();
        Assert.True(missing.Count == 0,
            $"Public service operations without a row in Security/AuthorizationMatrix.cs (add who may call them, or a reason to Unguarded): {string.Join(", ", missing)}");

        var known = AuthorizationMatrix.PublicOperations().ToHashSet(StringComparer.Ordinal);
        var stale = covered.Where(c => !known.Contains(c)).ToList();
        Assert.True(stale.Count == 0, $"Matrix rows for operations that no longer exist: {string.Join(", ", stale)}");
    }

    [Fact]
    public void Every_row_is_well_formed()
    {
        foreach (var row in AuthorizationMatrix.Rows)
            foreach (var role in Enum.GetValues<MatrixRole>())
                foreach (var scope in Enum.GetValues<MatrixScope>())
                    _ = row.Expected(role, scope);
        Assert.Contains("UserService.DeleteAsync", AuthorizationMatrix.PublicOperations());
        Assert.Contains("ServerNodeService.SetUserServerAsync", AuthorizationMatrix.PublicOperations());
    }
}

/// <summary>
/// Runs <see cref="AuthorizationMatrix.Rows"/> on one backend: each row for each role and each tenant (own, other,
/// deleted), through the real services, and reports every cell that differs from the table in one failure.
/// Refused calls must leave the store (directory and audit) exactly as it was; after a call that changed something the
/// world is built anew, so every cell starts from the same state.
/// </summary>
public abstract class AuthorizationMatrixTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private TestDatabase? _database;
    private DirectoryHarness? _harness;
    private IStoreProbe? _probe;
    private int _worlds;

    protected DirectoryHarness H => _harness ?? throw new InvalidOperationException("The harness did not start.");

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    protected virtual Task<DirectoryHarness> StartHarnessAsync(TestDatabase database) => DirectoryHarness.StartAsync(database);

    protected abstract IStoreProbe CreateProbe(DirectoryHarness harness);

    protected virtual Task CleanUpStoreAsync() => Task.CompletedTask;

    /// <summary>Whether the backend keeps server nodes and the membership check (LDAP); elsewhere those services answer read-only.</summary>
    protected abstract bool HasNodeStore { get; }

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _harness = await StartHarnessAsync(_database);
        _probe = CreateProbe(_harness);
        await H.SignInAsAsync(await H.SeedSystemAdminAsync());
        if (HasNodeStore)
        {
            var node = await H.CallAsync<ServerNodeService, Result>(s => s.CreateAsync(new ServerNodeForm { Name = MatrixTarget.NodeName, Address = "127.0.0.1" }, Ct));
            Assert.True(node.Succeeded, node.Error?.Message);
        }
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

    [Fact]
    public async Task Every_role_gets_exactly_what_the_authorization_matrix_says_on_every_tenant()
    {
        var mismatches = new List<string>();
        var world = await BuildWorldAsync();
        var cells = 0;
        foreach (var row in AuthorizationMatrix.Rows)
        {
            foreach (var role in Enum.GetValues<MatrixRole>())
            {
                foreach (var scope in Enum.GetValues<MatrixScope>())
                {
                    cells++;
                    var expected = row.Expected(role, scope);
                    string? before = null;
                    // Taken again after the call's own throw-away objects are made, so only the call itself is judged.
                    async Task SnapshotAsync()
                    {
                        if (row.Writes && expected != 'A')
                            before = await _probe!.SnapshotAsync();
                    }
                    await SnapshotAsync();
                    var (outcome, detail) = await RunCellAsync(world, row, role, scope, SnapshotAsync);
                    var nodeFeature = !HasNodeStore && row.Operation.StartsWith(nameof(ServerNodeService), StringComparison.Ordinal)
                        || !HasNodeStore && row.Operation.StartsWith($"{nameof(KopanoPortal.Core.Servers.Certificates.NodeCertificateService)}.CheckTls", StringComparison.Ordinal)
                        || !HasNodeStore && row.Operation.StartsWith(nameof(MembershipCheckService), StringComparison.Ordinal);
                    var tenantFree = row.Cells.Split(' ')[(int)role] is "AAA";
                    if (!Matches(expected, outcome, nodeFeature, tenantFree))
                        mismatches.Add($"{row.Operation} as {role} on {scope} tenant: expected {expected}, got {outcome} ({detail})");
                    if (before is not null && before != await _probe!.SnapshotAsync())
                        mismatches.Add($"{row.Operation} as {role} on {scope} tenant: refused ({detail}) but the store changed");
                    if (row.Effect == MatrixEffect.Spends && outcome == 'A')
                        world = await RebuildAsync(world);
                }
            }
        }
        Assert.True(mismatches.Count == 0,
            $"{mismatches.Count} of {cells} cells differ from Security/AuthorizationMatrix.cs:\n{string.Join("\n", mismatches)}");
    }

    /// <summary>
    /// G also takes a refusal (D). A tenant-free call (AAA) may answer the deleted column with an empty list (G). On
    /// backends without the node store, the node and membership-check rows answer a system admin read-only or not found
    /// (N, D, G): the gate lets them through, the backend has nothing. Denials (D) are strict everywhere.
    /// </summary>
    private static bool Matches(char expected, char outcome, bool nodeFeatureWithoutStore, bool tenantFree) =>
        expected == outcome
        || (expected == 'G' && outcome is 'D')
        || (expected == 'A' && tenantFree && outcome is 'G')
        || (nodeFeatureWithoutStore && expected is 'A' or 'G' && outcome is 'N' or 'D' or 'G');

    /// <summary>
    /// API tokens with the role Read only, of a system admin (all tenants) and of a company admin (own tenant): every row
    /// that writes is refused (the services' own check, not the API's) and leaves the store as it was, and every row that
    /// reads answers as it does for the token's owner.
    /// </summary>
    [Fact]
    public async Task A_read_only_token_reads_what_its_owner_reads_and_every_write_is_refused_with_nothing_written()
    {
        var mismatches = new List<string>();
        var world = await BuildWorldAsync();
        foreach (var (role, tenant) in new[] { (MatrixRole.SystemAdmin, (ObjectKey?)null), (MatrixRole.CompanyAdmin, world.Own.Tenant) })
        {
            foreach (var row in AuthorizationMatrix.Rows)
            {
                var owner = world.Actors[role]!;
                var token = owner with { Token = new ApiTokenGrant(1, "readonly", tenant, ApiTokenRole.ReadOnly) };
                var expected = row.Expected(role, MatrixScope.Own);
                string? before = null;
                async Task SnapshotAsync()
                {
                    if (row.Writes)
                        before = await _probe!.SnapshotAsync();
                }
                await SnapshotAsync();
                var (outcome, detail) = await RunCellAsync(world, row, role, MatrixScope.Own, SnapshotAsync, token);
                var nodeFeature = !HasNodeStore && (row.Operation.StartsWith(nameof(ServerNodeService), StringComparison.Ordinal)
                    || row.Operation.StartsWith($"{nameof(KopanoPortal.Core.Servers.Certificates.NodeCertificateService)}.CheckTls", StringComparison.Ordinal)
                    || row.Operation.StartsWith(nameof(MembershipCheckService), StringComparison.Ordinal));
                if (row.Writes && outcome is not ('D' or 'R' or 'N'))
                    mismatches.Add($"{row.Operation} as a read-only token of {role}: expected a refusal, got {outcome} ({detail})");
                // Tokens never manage tokens, whatever their role; and a call its owner gets refused (R) may be refused outright.
                var refusedAnyway = row.Operation.StartsWith(nameof(ApiTokenService), StringComparison.Ordinal) || (expected == 'R' && outcome == 'D');
                if (!row.Writes && !refusedAnyway && !Matches(expected, outcome, nodeFeature, row.Cells.Split(' ')[(int)role] is "AAA"))
                    mismatches.Add($"{row.Operation} as a read-only token of {role}: expected {expected} as its owner, got {outcome} ({detail})");
                if (before is not null && before != await _probe!.SnapshotAsync())
                    mismatches.Add($"{row.Operation} as a read-only token of {role}: refused ({detail}) but the store changed");
                if (row.Effect == MatrixEffect.Spends && outcome == 'A')
                    world = await RebuildAsync(world);
            }
        }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} read-only cells wrong:\n{string.Join("\n", mismatches)}");
    }

    private async Task<(char Outcome, string Detail)> RunCellAsync(
        MatrixWorld world, MatrixRow row, MatrixRole role, MatrixScope scope, Func<Task> made, Actor? actingAs = null)
    {
        H.CurrentActor.Current = actingAs ?? world.Actors[role];
        try
        {
            await using var services = H.Services.CreateAsyncScope();
            var target = world.Target(services.ServiceProvider, role, scope, H, made);
            var result = await row.Call(target);
            return Classify(result, scope);
        }
        catch (ReadOnlyTokenException e)
        {
            // Thrown where the write's audit record is made, before anything is stored; the API answers it as 403.
            return ('D', $"read only: {e.Message}");
        }
        catch (Exception e)
        {
            return ('X', $"threw {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            H.CurrentActor.Current = world.Actors[MatrixRole.SystemAdmin];
        }
    }

    /// <summary>
    /// A succeeded; R refused with field messages; D refused as Forbidden or NotFound; G (only on the deleted tenant)
    /// succeeded showing nothing; N (system admin on a backend without the feature) any other refusal that is not the gate's.
    /// </summary>
    private static (char, string) Classify(object result, MatrixScope scope)
    {
        var type = result.GetType();
        var succeeded = (bool)type.GetProperty("Succeeded")!.GetValue(result)!;
        var error = (OperationError?)type.GetProperty("Error")!.GetValue(result);
        if (succeeded)
        {
            var value = type.GetProperty("Value");
            return scope == MatrixScope.Deleted && value is not null && ShowsNothing(value.GetValue(result)) ? ('G', "succeeded, showing nothing") : ('A', "succeeded");
        }
        var detail = $"{error!.GetType().Name}: {error.Message}";
        return error switch
        {
            Forbidden f when f.Message is "You are not allowed to do that." or "Sign in first." => ('D', detail),
            NotFound => ('D', detail),
            InvalidInput => ('R', detail),
            Forbidden => ('N', detail),
            ServerNodesReadOnly => ('N', detail),
            _ => ('?', detail),
        };
    }

    private static bool ShowsNothing(object? value) => value switch
    {
        null => true,
        string => false,
        IEnumerable items => !items.Cast<object?>().Any(),
        _ when value.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(Page<>) =>
            (int)t.GetProperty(nameof(Page<int>.Total))!.GetValue(value)! == 0,
        _ => false,
    };

    // --- the world ------------------------------------------------------------------------------------------------

    private async Task<MatrixWorld> RebuildAsync(MatrixWorld old)
    {
        H.CurrentActor.Current = old.Actors[MatrixRole.SystemAdmin];
        foreach (var tenant in old.LiveTenants)
        {
            if (await H.Directory.GetTenantAsync(tenant, Ct) is not null)
                await H.Directory.DeleteTenantAsync(tenant, H.TestAudit("tenant.delete", tenant.Value), Ct);
        }
        return await BuildWorldAsync();
    }

    /// <summary>
    /// own: ca (company admin), pu, rv (remote admin of other, own on other's view-list), member, deleg, group staff.
    /// other, third, gone: member, deleg, staff; third holds rn (remote admin of other, third not on its view-list).
    /// spare: outsider (remote admin of every tenant, without view), newcomer. gone is deleted last.
    /// </summary>
    private async Task<MatrixWorld> BuildWorldAsync()
    {
        var n = ++_worlds;
        var sa = await DirectUserAsync(null, $"sa{n}", AdminLevel.SystemAdmin);
        H.CurrentActor.Current = await H.SignIn(s => s.ResolveAsync(sa, Ct));

        async Task<ObjectKey> Tenant(string name) =>
            Ok(await H.Tenants(s => s.CreateAsync(new TenantForm { Name = name }, Ct)), $"tenant {name}");
        async Task<ObjectKey> User(ObjectKey tenant, string name, AdminLevel level = AdminLevel.None) =>
            Ok(await H.Users(s => s.CreateAsync(tenant, new UserForm
            {
                Name = name, FullName = $"{name} Example", Email = $"{name}@example.org", Password = MatrixWorld.Password, IsActive = true, AdminLevel = level,
            }, Ct)), $"user {name}");

        var names = new Dictionary<MatrixScope, string> { [MatrixScope.Own] = $"own{n}", [MatrixScope.Other] = $"other{n}", [MatrixScope.Deleted] = $"gone{n}" };
        var third = $"third{n}";
        var spare = $"spare{n}";
        var tenants = new Dictionary<string, ObjectKey>();
        foreach (var name in new[] { names[MatrixScope.Own], names[MatrixScope.Other], third, names[MatrixScope.Deleted], spare })
            tenants[name] = await Tenant(name);
        var outsider = await User(tenants[spare], "outsider");
        await User(tenants[spare], "newcomer");

        var viewerOf = new Dictionary<string, string>
        {
            [names[MatrixScope.Own]] = names[MatrixScope.Other],
            [names[MatrixScope.Other]] = names[MatrixScope.Own],
            [third] = names[MatrixScope.Own],
            [names[MatrixScope.Deleted]] = names[MatrixScope.Own],
        };
        var sets = new Dictionary<string, TenantSet>();
        foreach (var (name, viewer) in viewerOf)
        {
            var key = tenants[name];
            var member = await User(key, "member");
            var deleg = await User(key, "deleg");
            var group = Ok(await H.Groups(s => s.CreateAsync(key, new GroupForm { Name = "staff" }, Ct)), "group staff");
            Ok(await H.Groups(s => s.AddMemberAsync(group, member, Ct)), "member of staff");
            Ok(await H.SendAs(s => s.AddDelegateAsync(member, "deleg", Ct)), "send-as delegate");
            Ok(await H.Privileges(s => s.AddQuotaRecipientAsync(key, ObjectList.UserQuotaRecipients, $"member@{name}", Ct)), "quota recipient");
            Ok(await H.Privileges(s => s.AddRemoteAdminAsync(key, $"outsider@{spare}", false, Ct)), "remote admin outsider");
            Ok(await H.Privileges(s => s.AddViewerAsync(key, viewer, Ct)), "viewer");
            sets[name] = new TenantSet(key, name, member, group, tenants[viewer], deleg);
        }

        var own = tenants[names[MatrixScope.Own]];
        var other = tenants[names[MatrixScope.Other]];
        var ca = await User(own, "ca", AdminLevel.CompanyAdmin);
        var pu = await User(own, "pu");
        var rv = await User(own, "rv");
        var rn = await User(tenants[third], "rn");
        Ok(await H.Privileges(s => s.AddRemoteAdminAsync(other, $"rv@{names[MatrixScope.Own]}", true, Ct)), "remote admin with view");
        Ok(await H.Privileges(s => s.AddRemoteAdminAsync(other, $"rn@{third}", false, Ct)), "remote admin without view");
        Ok(await H.Tenants(s => s.DeleteAsync(tenants[names[MatrixScope.Deleted]], names[MatrixScope.Deleted], Ct)), "deleting the gone tenant");

        var actors = new Dictionary<MatrixRole, Actor?>
        {
            [MatrixRole.SystemAdmin] = await H.SignIn(s => s.ResolveAsync(sa, Ct)),
            [MatrixRole.CompanyAdmin] = await H.SignIn(s => s.ResolveAsync(ca, Ct)),
            [MatrixRole.RemoteAdminWithView] = await H.SignIn(s => s.ResolveAsync(rv, Ct)),
            [MatrixRole.RemoteAdminWithoutView] = await H.SignIn(s => s.ResolveAsync(rn, Ct)),
            [MatrixRole.PlainUser] = await H.SignIn(s => s.ResolveAsync(pu, Ct)),
            [MatrixRole.SignedOut] = null,
        };
        Assert.Single(actors[MatrixRole.RemoteAdminWithView]!.AdministeredRemotely);
        Assert.Empty(actors[MatrixRole.RemoteAdminWithoutView]!.AdministeredRemotely);
        H.CurrentActor.Current = actors[MatrixRole.SystemAdmin];

        return new MatrixWorld(actors, sets[names[MatrixScope.Own]], sets[third], sets[names[MatrixScope.Other]], sets[names[MatrixScope.Deleted]],
            spare, outsider, $"newcomer@{spare}",
            [own, other, tenants[third], tenants[spare]]);
    }

    private async Task<ObjectKey> DirectUserAsync(ObjectKey? tenant, string name, AdminLevel level = AdminLevel.None)
    {
        var created = await H.Directory.CreateUserAsync(
            new NewUser(tenant, name, $"{name} Example", $"{name}@example.org", MatrixWorld.Password, IsActive: true, level),
            H.TestAudit("user.create", name), Ct);
        return Ok(created, $"user {name}");
    }

    private static T Ok<T>(Result<T> result, string what)
    {
        Assert.True(result.Succeeded, $"Building the matrix world: {what} failed: {result.Error?.Message}");
        return result.Value!;
    }

    private static void Ok(Result result, string what) =>
        Assert.True(result.Succeeded, $"Building the matrix world: {what} failed: {result.Error?.Message}");
}

/// <summary>One tenant's objects in the matrix world.</summary>
public sealed record TenantSet(ObjectKey Tenant, string Name, ObjectKey Member, ObjectKey Group, ObjectKey Viewer, ObjectKey Delegate);

/// <summary>The callers and tenants one run of the matrix uses.</summary>
public sealed record MatrixWorld(
    IReadOnlyDictionary<MatrixRole, Actor?> Actors,
    TenantSet Own,
    TenantSet Third,
    TenantSet Other,
    TenantSet Gone,
    string SpareTenantName,
    ObjectKey Outsider,
    string NewcomerLogin,
    IReadOnlyList<ObjectKey> LiveTenants)
{
    public const string Password = "Matrix-Pass-1";

    public MatrixTarget Target(IServiceProvider services, MatrixRole role, MatrixScope scope, DirectoryHarness h, Func<Task> made)
    {
        var set = scope switch
        {
            MatrixScope.Own => role == MatrixRole.RemoteAdminWithoutView ? Third : Own,
            MatrixScope.Other => Other,
            _ => Gone,
        };
        var fresh = 0;
        async Task<ObjectKey> FreshUserAsync()
        {
            if (scope == MatrixScope.Deleted)
                return set.Member;
            var name = $"fresh{Interlocked.Increment(ref fresh)}x{Guid.NewGuid():N}"[..20];
            var created = await h.Directory.CreateUserAsync(
                new NewUser(set.Tenant, name, "Fresh User", $"{name}@example.org", Password, IsActive: true, AdminLevel.None),
                h.TestAudit("user.create", name), CancellationToken.None);
            await made();
            return created.Value;
        }
        async Task<ObjectKey> FreshGroupAsync()
        {
            if (scope == MatrixScope.Deleted)
                return set.Group;
            var name = $"fg{Guid.NewGuid():N}"[..16];
            var created = await h.Directory.CreateGroupAsync(new NewGroup(set.Tenant, name, ""), h.TestAudit("group.create", name), CancellationToken.None);
            await made();
            return created.Value;
        }
        return new MatrixTarget(services, set.Tenant, set.Name, set.Member, "member", set.Group, set.Viewer, SpareTenantName, Outsider,
            NewcomerLogin, set.Delegate, $"deleg@{set.Name}", Password, FreshUserAsync, FreshGroupAsync, made);
    }
}

public sealed class SqliteAuthorizationMatrixTests : AuthorizationMatrixTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();

    protected override IStoreProbe CreateProbe(DirectoryHarness harness) => new SqlStoreProbe(harness.Rows);

    protected override bool HasNodeStore => false;
}

public sealed class PostgresAuthorizationMatrixTests : AuthorizationMatrixTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();

    protected override IStoreProbe CreateProbe(DirectoryHarness harness) => new SqlStoreProbe(harness.Rows);

    protected override bool HasNodeStore => false;
}

public sealed class LdapAuthorizationMatrixTests : AuthorizationMatrixTests
{
    private readonly LdapTestServer _server = LdapTestServer.FromEnvironment();
    private string? _container;

    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();

    protected override Task<DirectoryHarness> StartHarnessAsync(TestDatabase database)
    {
        _container = _server.CreateContainer("am");
        return DirectoryHarness.StartAsync(database, new LdapSettings(_server.Uri, _server.BindDn, _server.BindPassword, _container));
    }

    protected override IStoreProbe CreateProbe(DirectoryHarness harness) => new LdapStoreProbe(_server, _container!, harness.Rows);

    protected override bool HasNodeStore => true;

    protected override Task CleanUpStoreAsync()
    {
        if (_container is not null)
            _server.DeleteSubtree(_container);
        return Task.CompletedTask;
    }
}
