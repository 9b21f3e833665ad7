using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.EndToEndTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// The API's updates under If-Match, its creates under Idempotency-Key, and the resources beyond tenants and users
/// (groups, members, quotas, features, send-as, view-lists, audit, servers), each also tried across tenants.
/// </summary>
public abstract partial class ApiTests
{
    [Fact]
    public async Task A_stale_If_Match_gets_412_and_writes_nothing_while_the_current_ETag_updates()
    {
        var tenantName = Name("etag");
        var tenant = await Seed.TenantAsync(tenantName);
        var fay = await Seed.UserAsync(tenant, tenantName, "fay", "Fay-Pass#2026");
        using var http = Client(await TokenAsync(await AdminKeyAsync(), "etags", null));

        var read = await http.GetAsync($"api/v1/users/{fay.Value}");
        await ExpectAsync(read, HttpStatusCode.OK);
        var first = read.Headers.ETag;
        Assert.NotNull(first);
        Assert.False(first.IsWeak);
        // The same state, the same tag.
        Assert.Equal(first, (await http.GetAsync($"api/v1/users/{fay.Value}")).Headers.ETag);

        var changed = await PatchAsync(http, $"api/v1/users/{fay.Value}", new { fullName = "Fay Changed" }, first.Tag);
        await ExpectAsync(changed, HttpStatusCode.OK);
        var second = changed.Headers.ETag!;
        Assert.NotEqual(first.Tag, second.Tag);
        Assert.Equal("Fay Changed", (await Portal.Store.UserAsync(await Portal.Store.TenantAsync(tenantName), "fay")).FullName);

        // The first tag is stale now: 412 with the current tag, and nothing written anywhere.
        var before = await Portal.Store.SnapshotAsync();
        var stale = await PatchAsync(http, $"api/v1/users/{fay.Value}", new { fullName = "Lost Update" }, first.Tag);
        await ProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Equal(second.Tag, stale.Headers.ETag?.Tag);
        Assert.Equal(before, await Portal.Store.SnapshotAsync());

        // Someone else changes her (the pages, another system): the tag read before that is stale too.
        var directory = Portal.Services.GetRequiredService<IDirectory>();
        Assert.True((await directory.UpdateUserAsync(fay, new UserChange(Email: "fay@elsewhere.example"), SeedAudit("user.update"), Ct)).Succeeded);
        await ProblemAsync(await PatchAsync(http, $"api/v1/users/{fay.Value}", new { fullName = "Lost Update" }, second.Tag), HttpStatusCode.PreconditionFailed);
        Assert.Equal("Fay Changed", (await Portal.Store.UserAsync(await Portal.Store.TenantAsync(tenantName), "fay")).FullName);

        // "*" and no If-Match at all apply to the user as it is (documented for provisioning systems that own the fields).
        await ExpectAsync(await PatchAsync(http, $"api/v1/users/{fay.Value}", new { fullName = "Fay Star" }, "*"), HttpStatusCode.OK);
        await ExpectAsync(await PatchAsync(http, $"api/v1/users/{fay.Value}", new { fullName = "Fay Plain" }, null), HttpStatusCode.OK);
        Assert.Equal("Fay Plain", (await Portal.Store.UserAsync(await Portal.Store.TenantAsync(tenantName), "fay")).FullName);

        // Tenants: renamed under If-Match; a stale tag renames nothing.
        var tenantRead = await http.GetAsync($"api/v1/tenants/{tenant.Value}");
        await ExpectAsync(tenantRead, HttpStatusCode.OK);
        var tenantTag = tenantRead.Headers.ETag!.Tag;
        var renamedName = Name("etagnew");
        var renamed = await PatchAsync(http, $"api/v1/tenants/{tenant.Value}", new { name = renamedName }, tenantTag);
        Assert.Equal(renamedName, (await JsonAsync(renamed, HttpStatusCode.OK)).GetProperty("name").GetString());
        Assert.True(await Portal.Store.TenantExistsAsync(renamedName));
        before = await Portal.Store.SnapshotAsync();
        await ProblemAsync(await PatchAsync(http, $"api/v1/tenants/{tenant.Value}", new { name = Name("etaglost") }, tenantTag), HttpStatusCode.PreconditionFailed);
        Assert.Equal(before, await Portal.Store.SnapshotAsync());
        Assert.False(await Portal.Store.TenantExistsAsync(Name("etaglost")));

        // A tenant token: its own tenant may not be renamed by it (403), another tenant is as absent (404).
        var other = await Seed.TenantAsync(Name("etagother"));
        using var scoped = Client(await TokenAsync(await AdminKeyAsync(), "etag-scoped", tenant));
        var ownTag = (await scoped.GetAsync($"api/v1/tenants/{tenant.Value}")).Headers.ETag!.Tag;
        await ProblemAsync(await PatchAsync(scoped, $"api/v1/tenants/{tenant.Value}", new { name = Name("etagself") }, ownTag), HttpStatusCode.Forbidden);
        await SameAnswerAsync(PatchAsync(scoped, $"api/v1/tenants/{other.Value}", new { name = "x" }, null),
            PatchAsync(scoped, $"api/v1/tenants/no-such-{_run}", new { name = "x" }, null));
    }

    [Fact]
    public async Task An_idempotent_retry_returns_the_first_answer_and_creates_one_object()
    {
        var tenantName = Name("idem");
        var tenant = await Seed.TenantAsync(tenantName);
        var firstToken = await TokenAsync(await AdminKeyAsync(), "idem-one", tenant);
        using var http = Client(firstToken);
        var key = Guid.NewGuid().ToString();

        var created = await PostAsync(http, $"api/v1/tenants/{tenant.Value}/users", NewUser("gil"), key);
        var createdBody = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False(created.Headers.Contains("Idempotent-Replayed"));
        // The same body, its members in another order: the same request.
        var retried = await PostAsync(http, $"api/v1/tenants/{tenant.Value}/users",
            new { isActive = true, password = "Api-Pass#2026", email = "gil@example.org", fullName = "Gil Example", name = "gil" }, key);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(createdBody, await retried.Content.ReadAsStringAsync());
        Assert.Equal(created.Headers.Location, retried.Headers.Location);
        Assert.Equal(created.Headers.ETag, retried.Headers.ETag);
        Assert.Equal("true", retried.Headers.GetValues("Idempotent-Replayed").Single());
        _ = await Portal.Store.UserAsync(await Portal.Store.TenantAsync(tenantName), "gil");
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT COUNT(*) FROM portal_audit WHERE action = 'user.create' AND target = @target",
            ("target", $"gil@{tenantName}")));

        // The same key with another body: refused, nothing made.
        var before = await Portal.Store.SnapshotAsync();
        await ProblemAsync(await PostAsync(http, $"api/v1/tenants/{tenant.Value}/users", NewUser("hal"), key), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before, await Portal.Store.SnapshotAsync());

        // Keys are per token: another token's same key is a new request (here: the name is taken).
        using var second = Client(await TokenAsync(await AdminKeyAsync(), "idem-two", tenant));
        await ProblemAsync(await PostAsync(second, $"api/v1/tenants/{tenant.Value}/users", NewUser("gil"), key), HttpStatusCode.Conflict);

        // A failed create does not use its key up: corrected, the retry with that key creates.
        var retryKey = Guid.NewGuid().ToString();
        await ProblemAsync(await PostAsync(http, $"api/v1/tenants/{tenant.Value}/users",
            new { name = "ivy", fullName = "Ivy", email = "not-an-address", password = "Api-Pass#2026" }, retryKey), HttpStatusCode.BadRequest);
        await ExpectAsync(await PostAsync(http, $"api/v1/tenants/{tenant.Value}/users", NewUser("ivy"), retryKey), HttpStatusCode.Created);
        Assert.Equal("Ivy Example", (await Portal.Store.UserAsync(await Portal.Store.TenantAsync(tenantName), "ivy")).FullName);

        // A key that is no key.
        await ProblemAsync(await PostAsync(http, $"api/v1/tenants/{tenant.Value}/users", NewUser("jon"), new string('k', 256)), HttpStatusCode.BadRequest);

        // Groups and tenants alike.
        var groupKey = Guid.NewGuid().ToString();
        var group = new { name = "crew", email = $"crew@{tenantName}.example" };
        var g1 = await PostAsync(http, $"api/v1/tenants/{tenant.Value}/groups", group, groupKey);
        var g2 = await PostAsync(http, $"api/v1/tenants/{tenant.Value}/groups", group, groupKey);
        Assert.Equal(HttpStatusCode.Created, g2.StatusCode);
        Assert.Equal(await g1.Content.ReadAsStringAsync(), await g2.Content.ReadAsStringAsync());
        Assert.Equal("crew", (await Portal.Store.GroupAsync(await Portal.Store.TenantAsync(tenantName), "crew")).Name);

        using var system = Client(await TokenAsync(await AdminKeyAsync(), "idem-all", null));
        var tenantKey = Guid.NewGuid().ToString();
        var count = await Portal.Store.TenantCountAsync();
        var newTenant = new { name = Name("idemnew") };
        var t1 = await PostAsync(system, "api/v1/tenants", newTenant, tenantKey);
        var t2 = await PostAsync(system, "api/v1/tenants", newTenant, tenantKey);
        Assert.Equal(HttpStatusCode.Created, t1.StatusCode);
        Assert.Equal(await t1.Content.ReadAsStringAsync(), await t2.Content.ReadAsStringAsync());
        Assert.Equal(count + 1, await Portal.Store.TenantCountAsync());
        // The first token's successes, one row each (gil, ivy, crew): the refused and the failed requests left none.
        Assert.Equal(3, await Portal.Database.ScalarAsync("SELECT COUNT(*) FROM portal_api_idempotency WHERE token_id = @id AND status = 201",
            ("id", IdOf(firstToken))));
    }

    [Fact]
    public async Task Groups_and_members_work_in_the_tokens_tenant_and_another_tenants_answer_as_absent()
    {
        var (alphaName, betaName) = (Name("galpha"), Name("gbeta"));
        var alpha = await Seed.TenantAsync(alphaName);
        var beta = await Seed.TenantAsync(betaName);
        var ann = await Seed.UserAsync(alpha, alphaName, "ann", "Ann-Pass#2026");
        var bob = await Seed.UserAsync(beta, betaName, "bob", "Bob-Pass#2026");
        var staff = await Seed.GroupAsync(beta, betaName, "staff", bob);
        using var http = Client(await TokenAsync(await AdminKeyAsync(), "groups", alpha));
        var missing = "no-such-" + _run;

        var created = await PostAsync(http, $"api/v1/tenants/{alpha.Value}/groups", new { name = "team", email = $"team@{alphaName}.example" }, null);
        var team = (await JsonAsync(created, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/groups/{team}", created.Headers.Location?.OriginalString);
        var storedTeam = await Portal.Store.GroupAsync(await Portal.Store.TenantAsync(alphaName), "team");
        Assert.True(storedTeam.IsSecurityGroup);
        var listed = await JsonAsync(await http.GetAsync($"api/v1/tenants/{alpha.Value}/groups?search=TEA"), HttpStatusCode.OK);
        Assert.Equal("team", Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
        await ProblemAsync(await PostAsync(http, $"api/v1/tenants/{alpha.Value}/groups", new { name = "team", email = "" }, null), HttpStatusCode.Conflict);

        await ExpectAsync(await PostAsync(http, $"api/v1/groups/{team}/members", new { userId = ann.Value }, null), HttpStatusCode.NoContent);
        var annStored = await Portal.Store.UserAsync(await Portal.Store.TenantAsync(alphaName), "ann");
        Assert.True(await Portal.Store.IsMemberAsync(annStored, await Portal.Store.GroupAsync(await Portal.Store.TenantAsync(alphaName), "team")));
        var members = await JsonAsync(await http.GetAsync($"api/v1/groups/{team}/members?limit=1"), HttpStatusCode.OK);
        Assert.Equal("ann", Assert.Single(members.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(1, (await JsonAsync(await http.GetAsync($"api/v1/groups/{team}"), HttpStatusCode.OK)).GetProperty("memberCount").GetInt32());
        // A user of another tenant is no candidate: a field error, as for a user that does not exist.
        var foreign = await ProblemAsync(await PostAsync(http, $"api/v1/groups/{team}/members", new { userId = bob.Value }, null), HttpStatusCode.BadRequest);
        var absent = await ProblemAsync(await PostAsync(http, $"api/v1/groups/{team}/members", new { userId = missing }, null), HttpStatusCode.BadRequest);
        Assert.Equal(absent.GetProperty("errors").GetProperty("userId")[0].GetString(), foreign.GetProperty("errors").GetProperty("userId")[0].GetString());

        var before = await Portal.Store.SnapshotAsync();
        await SameAnswerAsync(http.GetAsync($"api/v1/groups/{staff.Value}"), http.GetAsync($"api/v1/groups/{missing}"));
        await SameAnswerAsync(http.GetAsync($"api/v1/groups/{staff.Value}/members"), http.GetAsync($"api/v1/groups/{missing}/members"));
        await SameAnswerAsync(PostAsync(http, $"api/v1/groups/{staff.Value}/members", new { userId = ann.Value }, null),
            PostAsync(http, $"api/v1/groups/{missing}/members", new { userId = ann.Value }, null));
        await SameAnswerAsync(http.DeleteAsync($"api/v1/groups/{staff.Value}/members/{bob.Value}"), http.DeleteAsync($"api/v1/groups/{missing}/members/{bob.Value}"));
        await SameAnswerAsync(http.DeleteAsync($"api/v1/groups/{staff.Value}"), http.DeleteAsync($"api/v1/groups/{missing}"));
        await SameAnswerAsync(http.GetAsync($"api/v1/tenants/{beta.Value}/groups"), http.GetAsync($"api/v1/tenants/{missing}/groups"));
        await SameAnswerAsync(PostAsync(http, $"api/v1/tenants/{beta.Value}/groups", new { name = "evil", email = "" }, null),
            PostAsync(http, $"api/v1/tenants/{missing}/groups", new { name = "evil", email = "" }, null));
        Assert.Equal(before, await Portal.Store.SnapshotAsync());

        await ExpectAsync(await http.DeleteAsync($"api/v1/groups/{team}/members/{ann.Value}"), HttpStatusCode.NoContent);
        Assert.False(await Portal.Store.IsMemberAsync(annStored, await Portal.Store.GroupAsync(await Portal.Store.TenantAsync(alphaName), "team")));
        await ExpectAsync(await http.DeleteAsync($"api/v1/groups/{team}"), HttpStatusCode.NoContent);
        Assert.Empty(await Portal.Store.FootprintAsync(storedTeam));
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT COUNT(*) FROM portal_audit WHERE action = 'group.delete' AND actor = @actor AND target = 'team'",
            ("actor", $"{PortalFactory.AdminName} via API token 'groups'")));
    }

    [Fact]
    public async Task Quotas_features_send_as_and_view_lists_are_set_as_the_pages_set_them_and_only_in_the_tokens_tenant()
    {
        var (alphaName, betaName) = (Name("salpha"), Name("sbeta"));
        var alpha = await Seed.TenantAsync(alphaName);
        var beta = await Seed.TenantAsync(betaName);
        var ann = await Seed.UserAsync(alpha, alphaName, "ann", "Ann-Pass#2026");
        await Seed.UserAsync(alpha, alphaName, "carl", "Carl-Pass#2026");
        var bob = await Seed.UserAsync(beta, betaName, "bob", "Bob-Pass#2026");
        using var http = Client(await TokenAsync(await AdminKeyAsync(), "settings", alpha));
        var missing = "no-such-" + _run;
        var alphaStored = await Portal.Store.TenantAsync(alphaName);
        var annStored = await Portal.Store.UserAsync(alphaStored, "ann");

        // Quota of a user, and its validation with the page's messages on the body's fields.
        var quota = await JsonAsync(await PutAsync(http, $"api/v1/users/{ann.Value}/quota", new { @override = true, warnMb = 100, softMb = 200, hardMb = 300 }), HttpStatusCode.OK);
        Assert.Equal(300, quota.GetProperty("hardMb").GetInt64());
        Assert.Equal("User", quota.GetProperty("effective").GetProperty("hard").GetProperty("source").GetString());
        Assert.Equal(StoredQuota.Of(true, 100, 200, 300), await Portal.Store.UserQuotaAsync(annStored));
        var order = await ProblemAsync(await PutAsync(http, $"api/v1/users/{ann.Value}/quota", new { @override = true, warnMb = 300, softMb = 200, hardMb = 400 }), HttpStatusCode.BadRequest);
        Assert.True(order.GetProperty("errors").TryGetProperty("softMb", out _), order.ToString());
        Assert.Equal(StoredQuota.Of(true, 100, 200, 300), await Portal.Store.UserQuotaAsync(annStored));

        // The tenant's quotas.
        var tenantQuota = await JsonAsync(await PutAsync(http, $"api/v1/tenants/{alpha.Value}/quota",
            new { tenant = new { @override = true, warnMb = 5000 }, userDefault = new { @override = true, warnMb = 10, softMb = 20, hardMb = 30 } }), HttpStatusCode.OK);
        Assert.Equal(5000, tenantQuota.GetProperty("tenant").GetProperty("warnMb").GetInt64());
        var (ownStored, defaultStored) = await Portal.Store.TenantQuotasAsync(alphaStored);
        Assert.Equal(StoredQuota.Of(true, 10, 20, 30), defaultStored);
        Assert.Equal(5000 * StoredQuota.BytesPerMb, ownStored.WarnBytes);
        var bad = await ProblemAsync(await PutAsync(http, $"api/v1/tenants/{alpha.Value}/quota",
            new { tenant = new { @override = true, warnMb = 1 }, userDefault = new { @override = true, warnMb = 0, softMb = 50, hardMb = 20 } }), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("userDefault.hardMb", out _), bad.ToString());

        // Features: exactly the named ones on.
        var features = await JsonAsync(await PutAsync(http, $"api/v1/users/{ann.Value}/features", new { enabled = new[] { "imap" } }), HttpStatusCode.OK);
        bool On(JsonElement list, string name) => list.EnumerateArray().Single(f => f.GetProperty("name").GetString() == name).GetProperty("enabled").GetBoolean();
        Assert.True(On(features, "imap"));
        Assert.False(On(features, "pop3"));
        var storedFeatures = await Portal.Store.FeaturesAsync(annStored);
        Assert.DoesNotContain("imap", storedFeatures.Disabled);
        using (var scope = Portal.Services.CreateScope())
            Assert.Contains("pop3", storedFeatures.Disabled.Concat(scope.ServiceProvider.GetRequiredService<KopanoPortal.Core.Services.FeatureService>().ServerDisabled));
        var unknown = await ProblemAsync(await PutAsync(http, $"api/v1/users/{ann.Value}/features", new { enabled = new[] { "fax" } }), HttpStatusCode.BadRequest);
        Assert.True(unknown.GetProperty("errors").TryGetProperty("enabled", out _));

        // Send-as: a user of the same tenant, by name.
        await ExpectAsync(await PostAsync(http, $"api/v1/users/{ann.Value}/send-as", new { name = "carl" }, null), HttpStatusCode.NoContent);
        Assert.Equal(["carl"], await Portal.Store.SendAsDelegatesAsync(annStored));
        var delegates = await JsonAsync(await http.GetAsync($"api/v1/users/{ann.Value}/send-as"), HttpStatusCode.OK);
        var carl = Assert.Single(delegates.EnumerateArray());
        Assert.Equal("User", carl.GetProperty("kind").GetString());
        var notHere = await ProblemAsync(await PostAsync(http, $"api/v1/users/{ann.Value}/send-as", new { name = "bob" }, null), HttpStatusCode.BadRequest);
        Assert.True(notHere.GetProperty("errors").TryGetProperty("name", out _));
        await ExpectAsync(await http.DeleteAsync($"api/v1/users/{ann.Value}/send-as/{carl.GetProperty("id").GetString()}"), HttpStatusCode.NoContent);
        Assert.Empty(await Portal.Store.SendAsDelegatesAsync(annStored));

        // View-list: another tenant may see this one.
        await ExpectAsync(await PostAsync(http, $"api/v1/tenants/{alpha.Value}/viewers", new { tenant = betaName }, null), HttpStatusCode.NoContent);
        Assert.Equal([betaName], await Portal.Store.ViewersAsync(alphaStored));
        var privileges = await JsonAsync(await http.GetAsync($"api/v1/tenants/{alpha.Value}/privileges"), HttpStatusCode.OK);
        var viewer = Assert.Single(privileges.GetProperty("viewers").EnumerateArray());
        Assert.Equal(betaName, viewer.GetProperty("name").GetString());
        await ExpectAsync(await http.DeleteAsync($"api/v1/tenants/{alpha.Value}/viewers/{viewer.GetProperty("id").GetString()}"), HttpStatusCode.NoContent);
        Assert.Empty(await Portal.Store.ViewersAsync(alphaStored));
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT COUNT(*) FROM portal_audit WHERE action = 'tenant.viewlist.add' AND actor = @actor AND target = @target",
            ("actor", $"{PortalFactory.AdminName} via API token 'settings'"), ("target", alphaName)));

        // Another tenant's user and tenant: exactly as absent, and nothing written.
        var before = await Portal.Store.SnapshotAsync();
        await SameAnswerAsync(http.GetAsync($"api/v1/users/{bob.Value}/quota"), http.GetAsync($"api/v1/users/{missing}/quota"));
        await SameAnswerAsync(PutAsync(http, $"api/v1/users/{bob.Value}/quota", new { @override = true, warnMb = 1, softMb = 2, hardMb = 3 }),
            PutAsync(http, $"api/v1/users/{missing}/quota", new { @override = true, warnMb = 1, softMb = 2, hardMb = 3 }));
        await SameAnswerAsync(http.GetAsync($"api/v1/tenants/{beta.Value}/quota"), http.GetAsync($"api/v1/tenants/{missing}/quota"));
        await SameAnswerAsync(PutAsync(http, $"api/v1/tenants/{beta.Value}/quota", new { tenant = new { @override = false, warnMb = 0 }, userDefault = new { @override = false, warnMb = 0, softMb = 0, hardMb = 0 } }),
            PutAsync(http, $"api/v1/tenants/{missing}/quota", new { tenant = new { @override = false, warnMb = 0 }, userDefault = new { @override = false, warnMb = 0, softMb = 0, hardMb = 0 } }));
        await SameAnswerAsync(http.GetAsync($"api/v1/users/{bob.Value}/features"), http.GetAsync($"api/v1/users/{missing}/features"));
        await SameAnswerAsync(PutAsync(http, $"api/v1/users/{bob.Value}/features", new { enabled = new[] { "imap" } }),
            PutAsync(http, $"api/v1/users/{missing}/features", new { enabled = new[] { "imap" } }));
        await SameAnswerAsync(http.GetAsync($"api/v1/users/{bob.Value}/send-as"), http.GetAsync($"api/v1/users/{missing}/send-as"));
        await SameAnswerAsync(PostAsync(http, $"api/v1/users/{bob.Value}/send-as", new { name = "bob" }, null),
            PostAsync(http, $"api/v1/users/{missing}/send-as", new { name = "bob" }, null));
        await SameAnswerAsync(http.GetAsync($"api/v1/tenants/{beta.Value}/privileges"), http.GetAsync($"api/v1/tenants/{missing}/privileges"));
        await SameAnswerAsync(PostAsync(http, $"api/v1/tenants/{beta.Value}/viewers", new { tenant = alphaName }, null),
            PostAsync(http, $"api/v1/tenants/{missing}/viewers", new { tenant = alphaName }, null));
        await SameAnswerAsync(PostAsync(http, $"api/v1/tenants/{beta.Value}/remote-admins", new { login = "ann", alsoLetTheirTenantView = true }, null),
            PostAsync(http, $"api/v1/tenants/{missing}/remote-admins", new { login = "ann", alsoLetTheirTenantView = true }, null));
        Assert.Equal(before, await Portal.Store.SnapshotAsync());
    }

    [Fact]
    public async Task The_audit_reads_only_the_tokens_tenants_and_servers_are_for_system_admins()
    {
        var (alphaName, betaName) = (Name("aalpha"), Name("abeta"));
        var alpha = await Seed.TenantAsync(alphaName);
        var beta = await Seed.TenantAsync(betaName);
        using var system = Client(await TokenAsync(await AdminKeyAsync(), "audit-all", null));
        using var scoped = Client(await TokenAsync(await AdminKeyAsync(), "audit-alpha", alpha));
        await ExpectAsync(await PostAsync(system, $"api/v1/tenants/{beta.Value}/groups", new { name = "secret", email = $"secret@{betaName}.example" }, null), HttpStatusCode.Created);
        await ExpectAsync(await PostAsync(scoped, $"api/v1/tenants/{alpha.Value}/groups", new { name = "open", email = $"open@{alphaName}.example" }, null), HttpStatusCode.Created);

        // The system admin's token for all tenants sees both; filters narrow, and the next link keeps them.
        var both = await JsonAsync(await system.GetAsync("api/v1/audit?action=group.create&limit=200"), HttpStatusCode.OK);
        var tenants = both.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("tenantName").GetString()).ToList();
        Assert.Contains(alphaName, tenants);
        Assert.Contains(betaName, tenants);
        var paged = await JsonAsync(await system.GetAsync($"api/v1/audit?action=group.create&tenant={betaName}&limit=1"), HttpStatusCode.OK);
        Assert.Equal("secret", Assert.Single(paged.GetProperty("items").EnumerateArray()).GetProperty("target").GetString());
        var nextOfAll = await JsonAsync(await system.GetAsync("api/v1/audit?action=group.create&limit=1"), HttpStatusCode.OK);
        Assert.Contains("action=group.create", nextOfAll.GetProperty("next").GetString());

        // The tenant token: its tenant's history only, whatever the filter asks.
        var own = await JsonAsync(await scoped.GetAsync("api/v1/audit?limit=200"), HttpStatusCode.OK);
        Assert.NotEmpty(own.GetProperty("items").EnumerateArray());
        Assert.All(own.GetProperty("items").EnumerateArray(), r => Assert.Equal(alphaName, r.GetProperty("tenantName").GetString()));
        var asked = await JsonAsync(await scoped.GetAsync($"api/v1/audit?tenant={betaName}"), HttpStatusCode.OK);
        Assert.Equal(0, asked.GetProperty("total").GetInt32());
        var invalid = await ProblemAsync(await system.GetAsync("api/v1/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"), HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("to", out _));

        // Servers: the system admin's token lists them (none on a single-server store); a tenant token may not.
        var servers = await JsonAsync(await system.GetAsync("api/v1/servers"), HttpStatusCode.OK);
        Assert.Equal(0, servers.GetProperty("total").GetInt32());
        Assert.Empty(servers.GetProperty("items").EnumerateArray());
        await ProblemAsync(await scoped.GetAsync("api/v1/servers"), HttpStatusCode.Forbidden);
        await ProblemAsync(await scoped.GetAsync("api/v1/servers/node1"), HttpStatusCode.NotFound);
        await ProblemAsync(await system.GetAsync($"api/v1/servers/no-such-{_run}"), HttpStatusCode.NotFound);
    }

    // --- request helpers with the headers these tests are about ---------------------------------------------------

    private static Task<HttpResponseMessage> PatchAsync(HttpClient http, string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string url, object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient http, string url, object body) => http.PutAsJsonAsync(url, body);
}
