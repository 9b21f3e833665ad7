using System.Diagnostics;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests.Faults;

/// <summary>
/// The portal's services over a slapd of this class alone (<see cref="PrivateSlapd"/>), which the tests freeze, kill
/// and start again: every failing call ends within the network timeout with the directory's clear message, leaves
/// nothing half-written, and the next call after the server is back succeeds without restarting anything.
/// </summary>
public sealed class LdapFaultTests : IAsyncLifetime
{
    private const int TimeoutSeconds = 2;
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>Far beyond any bound the portal keeps: a call still running then fails the test instead of stalling the run.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    private PrivateSlapd? _slapd;
    private TestDatabase? _database;
    private DirectoryHarness? _harness;
    private ObjectKey _tenant;
    private ObjectKey _user;

    private PrivateSlapd Slapd => _slapd!;

    private DirectoryHarness H => _harness!;

    public async Task InitializeAsync()
    {
        _slapd = await PrivateSlapd.StartAsync();
        _database = await SqliteTestDatabase.CreateAsync();
        _harness = await DirectoryHarness.StartAsync(_database,
            new LdapSettings(Slapd.Uri, PrivateSlapd.RootDn, Slapd.Password, PrivateSlapd.Suffix, NetworkTimeoutSeconds: TimeoutSeconds));
        await H.SignInAsAsync(await H.SeedSystemAdminAsync());
        _tenant = Ok(await H.Tenants(s => s.CreateAsync(new TenantForm { Name = "faultorg" }, Ct)));
        _user = Ok(await H.Users(s => s.CreateAsync(_tenant, Form("john"), Ct)));
    }

    public async Task DisposeAsync()
    {
        if (_harness is not null)
            await _harness.DisposeAsync();
        if (_slapd is not null)
            await _slapd.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_frozen_server_ends_a_write_within_the_network_timeout_with_a_clear_message_and_nothing_written()
    {
        var before = Snapshot();
        Slapd.Freeze();
        var clock = Stopwatch.StartNew();
        // The page gets the directory's message either way: as a refusal, or as the exception its error box names.
        Result<ObjectKey>? created = null;
        Exception? thrown;
        try
        {
            thrown = await Record.ExceptionAsync(async () => created = await H.Users(s => s.CreateAsync(_tenant, Form("frozen"), Ct)).WaitAsync(Hang));
        }
        finally
        {
            clock.Stop();
            Slapd.Thaw();
        }

        var message = created?.Error is ServerUnreachable refusal ? refusal.Message : Assert.IsAssignableFrom<DirectoryUnavailableException>(thrown).Message;
        Assert.Contains("directory server is unreachable", message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Slapd.Uri.TrimEnd('/'), message, StringComparison.Ordinal);
        // One timeout for the request, and one more at most for a fresh connection: never a retry after a request already sent.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(TimeoutSeconds * 2 + 1.5),
            $"The call took {clock.Elapsed.TotalSeconds:F1} s with a network timeout of {TimeoutSeconds} s.");

        // The server, back, must not carry out a request the portal already reported as not done.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before, Snapshot());
        Assert.DoesNotContain(await H.Rows.AuditAsync(), a => a.ToString().Contains("frozen", StringComparison.Ordinal));

        // Recovery by itself: the same services, the next call.
        Ok(await H.Users(s => s.CreateAsync(_tenant, Form("afterwards"), Ct)));
    }

    [Fact]
    public async Task A_frozen_server_ends_a_read_within_the_network_timeout_with_the_directory_message()
    {
        Slapd.Freeze();
        var clock = Stopwatch.StartNew();
        Exception? thrown = null;
        try
        {
            await H.Users(s => s.GetAsync(_user, Ct)).WaitAsync(Hang);
        }
        catch (Exception e)
        {
            thrown = e;
        }
        finally
        {
            clock.Stop();
            Slapd.Thaw();
        }

        var unavailable = Assert.IsAssignableFrom<DirectoryUnavailableException>(thrown);
        Assert.StartsWith("The directory server is unreachable", unavailable.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(TimeoutSeconds * 2 + 1.5),
            $"The read took {clock.Elapsed.TotalSeconds:F1} s with a network timeout of {TimeoutSeconds} s.");
        Assert.Equal("john", (await H.Users(s => s.GetAsync(_user, Ct))).Value!.User.Name);
    }

    [Fact]
    public async Task A_stopped_server_gives_a_clear_message_and_the_portal_recovers_when_it_is_back()
    {
        var before = Snapshot();
        Slapd.Kill();

        // The page gets the directory's message either way: as a refusal, or as the exception its error box names.
        Result? update = null;
        var failure = await Record.ExceptionAsync(async () =>
            update = await H.Users(s => s.ResetPasswordAsync(_user, new PasswordForm { Password = "While-Down-1", Confirmation = "While-Down-1" }, Ct)));

        await Slapd.StartAgainAsync();
        Assert.Equal(before, Snapshot());
        Assert.True(update?.Error is ServerUnreachable || failure is DirectoryUnavailableException,
            $"Expected the directory's message, got {update?.Error?.GetType().Name}: {update?.Error?.Message} / {failure?.GetType().Name}: {failure?.Message}");
        Assert.True(update?.Succeeded != true, "A password was reset while the directory server was down.");

        Ok(await H.Users(s => s.ResetPasswordAsync(_user, new PasswordForm { Password = "After-Restart-1", Confirmation = "After-Restart-1" }, Ct)));
        Assert.Equal("john", (await H.Users(s => s.GetAsync(_user, Ct))).Value!.User.Name);
    }

    [Fact]
    public async Task Deleting_a_tenant_user_or_group_removes_what_names_it_before_the_entry_itself()
    {
        // An interrupted delete must leave a state that the same delete, run again, completes: the object still there
        // and nothing naming an object that is gone. So references and memberships go first, the entry (or the
        // tenant's container) last. slapd's own log (stats) gives the order of the operations it carried out.
        var other = Ok(await H.Tenants(s => s.CreateAsync(new TenantForm { Name = "otherorg" }, Ct)));
        var mary = Ok(await H.Users(s => s.CreateAsync(_tenant, Form("mary"), Ct)));
        var group = Ok(await H.Groups(s => s.CreateAsync(_tenant, new GroupForm { Name = "staff" }, Ct)));
        Ok(await H.Groups(s => s.AddMemberAsync(group, mary, Ct)));
        Ok(await H.SendAs(s => s.AddDelegateAsync(_user, "mary", Ct)));
        Ok(await H.Privileges(s => s.AddViewerAsync(other, "faultorg", Ct)));
        Ok(await H.Privileges(s => s.AddRemoteAdminAsync(other, "john@faultorg", false, Ct)));
        Ok(await H.Privileges(s => s.SetSystemAdminContactAsync(_tenant, "mary@faultorg", Ct)));

        var userLog = await Slapd.OperationsDuringAsync(async () => Ok(await H.Users(s => s.DeleteAsync(mary, Ct))));
        AssertEntryLast(userLog, "uid=mary");
        Assert.Contains(userLog, o => o.Kind == "MOD");

        var groupLog = await Slapd.OperationsDuringAsync(async () => Ok(await H.Groups(s => s.DeleteAsync(group, Ct))));
        AssertEntryLast(groupLog, "cn=staff");

        // What the delete preview promises on LDAP, and what the order below holds it to.
        Assert.Equal(DeletionSteps.OneEntryAtATime, Ok(await H.Tenants(s => s.PreviewDeleteAsync(_tenant, Ct))).Steps);
        var tenantLog = await Slapd.OperationsDuringAsync(async () => Ok(await H.Tenants(s => s.DeleteAsync(_tenant, "faultorg", Ct))));
        var deletes = tenantLog.Where(o => o.Kind == "DEL").ToList();
        Assert.True(deletes.Count >= 2, $"Expected the tenant's entries to be deleted one by one: {string.Join(" | ", tenantLog)}");
        Assert.Contains("faultorg", deletes[^1].Dn, StringComparison.OrdinalIgnoreCase);
        Assert.True(deletes[^1].Dn.StartsWith("ou=faultorg", StringComparison.OrdinalIgnoreCase) || deletes[^1].Dn.Split(',')[0].Contains("faultorg", StringComparison.OrdinalIgnoreCase),
            $"The tenant's own container must go last, got {deletes[^1].Dn}");
        var firstDelete = tenantLog.FindIndex(o => o.Kind == "DEL");
        Assert.True(tenantLog.Skip(firstDelete).All(o => o.Kind != "MOD"),
            $"References to the tenant were removed after its entries were deleted: {string.Join(" | ", tenantLog)}");
    }

    private static void AssertEntryLast(List<SlapdOperation> log, string rdn)
    {
        var delete = log.FindLastIndex(o => o.Kind == "DEL" && o.Dn.StartsWith(rdn, StringComparison.OrdinalIgnoreCase));
        Assert.True(delete >= 0, $"No delete of {rdn}: {string.Join(" | ", log)}");
        Assert.True(log.Skip(delete + 1).All(o => o.Kind != "MOD"),
            $"Entries naming {rdn} were changed after it was deleted (an interruption there leaves them naming nothing): {string.Join(" | ", log)}");
    }

    private string Snapshot() =>
        string.Join("\n", Slapd.Server
            .Search(PrivateSlapd.Suffix, "(objectClass=*)", System.DirectoryServices.Protocols.SearchScope.Subtree, "*", "+")
            .Select(LdapTestServer.Describe).Where(line => !line.Contains("contextCSN", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

    private static UserForm Form(string name) => new()
    {
        Name = name, FullName = $"{name} Example", Email = $"{name}@example.org", Password = "Fault-Pass-1", IsActive = true, AdminLevel = AdminLevel.None,
    };

    private static T Ok<T>(Result<T> result)
    {
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }

    private static void Ok(Result result) => Assert.True(result.Succeeded, result.Error?.Message);
}
