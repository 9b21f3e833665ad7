using System.Net;
using System.Text;
using System.Net.Http.Json;

namespace KopanoPortal.EndToEndTests;

/// <summary>A provisioning system's CSV over the API: preview, apply, the same file again, and the export read back.</summary>
public abstract partial class ApiTests
{
    private const int CsvUsers = 30;

    [Fact]
    public async Task A_CSV_of_users_is_previewed_without_writing_then_applied_and_a_second_run_changes_nothing()
    {
        var tenantName = Name("csvapi");
        using var system = Client(await TokenAsync(await AdminKeyAsync(), "csv-provisioning", null));
        var created = await JsonAsync(await system.PostAsJsonAsync("api/v1/tenants", new { name = tenantName }), HttpStatusCode.Created);
        var tenant = created.GetProperty("id").GetString()!;

        var csv = new StringBuilder("login name,full name,e-mail,password,active,quota warn (MB),quota soft (MB),quota hard (MB)\n");
        for (var i = 0; i < CsvUsers; i++)
            csv.Append($"csv{i:D3},Csv User {i},csv{i:D3}@example.org,{(i == 0 ? "generate" : $"Csv-Pass#{i:D3}x")},yes,{100 + i},{200 + i},{300 + i}\n");
        csv.Append("bad name!,Broken Row,not-an-address,Short,yes,,,\n");

        var before = await Portal.Store.SnapshotAsync();
        var preview = await JsonAsync(await system.PostAsync($"api/v1/tenants/{tenant}/users/import", Csv(csv)), HttpStatusCode.OK);
        Assert.False(preview.GetProperty("applied").GetBoolean());
        Assert.Equal(CsvUsers, preview.GetProperty("create").GetInt32());
        Assert.Equal(1, preview.GetProperty("error").GetInt32());
        var broken = preview.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("outcome").GetString() == "error");
        Assert.Equal(CsvUsers + 2, broken.GetProperty("line").GetInt32());
        Assert.True(broken.GetProperty("errors").EnumerateObject().Any(), "The broken row names no column.");
        Assert.Equal(before, await Portal.Store.SnapshotAsync());

        var applied = await JsonAsync(await system.PostAsync($"api/v1/tenants/{tenant}/users/import?apply=true", Csv(csv)), HttpStatusCode.OK);
        Assert.True(applied.GetProperty("applied").GetBoolean());
        Assert.Equal(CsvUsers, applied.GetProperty("create").GetInt32());
        var generated = applied.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("login").GetString() == $"csv000@{tenantName}").GetProperty("generatedPassword").GetString();
        Assert.False(string.IsNullOrEmpty(generated));

        var stored = await Portal.Store.TenantAsync(tenantName);
        var last = await Portal.Store.UserAsync(stored, $"csv{CsvUsers - 1:D3}");
        Assert.Equal($"Csv User {CsvUsers - 1}", last.FullName);
        await Portal.Store.AssertPasswordAsync(last, $"Csv-Pass#{CsvUsers - 1:D3}x");
        await Portal.Store.AssertPasswordAsync(await Portal.Store.UserAsync(stored, "csv000"), generated!);
        var quota = await Portal.Store.UserQuotaAsync(last);
        Assert.Equal((300L + CsvUsers - 1) * 1024 * 1024, quota.HardBytes);

        // The provisioning system sends the same file again (it did not see the answer): nothing is written.
        var afterApply = await Portal.Store.SnapshotAsync();
        var again = await JsonAsync(await system.PostAsync($"api/v1/tenants/{tenant}/users/import?apply=true", Csv(csv)), HttpStatusCode.OK);
        Assert.Equal(0, again.GetProperty("create").GetInt32());
        Assert.Equal(0, again.GetProperty("update").GetInt32());
        Assert.Equal(CsvUsers, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(afterApply, await Portal.Store.SnapshotAsync());

        // The export imports back as all unchanged.
        var export = await system.GetAsync($"api/v1/tenants/{tenant}/users/export");
        await ExpectAsync(export, HttpStatusCode.OK);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var exported = await export.Content.ReadAsStringAsync();
        var roundTrip = await JsonAsync(await system.PostAsync($"api/v1/tenants/{tenant}/users/import", new StringContent(exported, Encoding.UTF8, "text/csv")), HttpStatusCode.OK);
        Assert.Equal(CsvUsers, roundTrip.GetProperty("unchanged").GetInt32());
        Assert.Equal(CsvUsers, roundTrip.GetProperty("rows").GetArrayLength());

        // A token of another tenant sees neither the import nor the export of this one, exactly as of no tenant.
        var other = await Seed.TenantAsync(Name("csvother"));
        using var scoped = Client(await TokenAsync(await AdminKeyAsync(), "csv-scoped", other));
        var beforeForeign = await Portal.Store.SnapshotAsync();
        await SameAnswerAsync(scoped.PostAsync($"api/v1/tenants/{tenant}/users/import?apply=true", Csv(csv)),
            scoped.PostAsync($"api/v1/tenants/no-such-{_run}/users/import?apply=true", Csv(csv)));
        await SameAnswerAsync(scoped.GetAsync($"api/v1/tenants/{tenant}/users/export"), scoped.GetAsync($"api/v1/tenants/no-such-{_run}/users/export"));
        Assert.Equal(beforeForeign, await Portal.Store.SnapshotAsync());
    }

    [Fact]
    public async Task A_CSV_of_groups_is_previewed_applied_exported_and_read_back_unchanged_and_another_tenants_token_sees_none()
    {
        var tenantName = Name("gcsvapi");
        var tenant = await Seed.TenantAsync(tenantName);
        await Seed.UserAsync(tenant, tenantName, "ann", "Ann-Pass#2026");
        await Seed.UserAsync(tenant, tenantName, "bob", "Bob-Pass#2026");
        using var http = Client(await TokenAsync(await AdminKeyAsync(), "gcsv", tenant));
        var csv = new StringBuilder("group name,e-mail,members\nsales,sales@example.org,ann;bob\nteam,,ann\nghosts,,nobody\n");
        var url = $"api/v1/tenants/{tenant.Value}/groups/import";

        var before = await Portal.Store.SnapshotAsync();
        var preview = await JsonAsync(await http.PostAsync(url, Csv(csv)), HttpStatusCode.OK);
        Assert.Equal(2, preview.GetProperty("create").GetInt32());
        Assert.Equal(1, preview.GetProperty("error").GetInt32());
        Assert.Equal(before, await Portal.Store.SnapshotAsync());

        var applied = await JsonAsync(await http.PostAsync($"{url}?apply=true", Csv(csv)), HttpStatusCode.OK);
        Assert.Equal(2, applied.GetProperty("create").GetInt32());
        var sales = (await JsonAsync(await http.GetAsync($"api/v1/tenants/{tenant.Value}/groups?search=sales"), HttpStatusCode.OK)).GetProperty("items")[0];
        Assert.Equal(2, sales.GetProperty("memberCount").GetInt32());
        var afterApply = await Portal.Store.SnapshotAsync();
        var again = await JsonAsync(await http.PostAsync($"{url}?apply=true", Csv(csv)), HttpStatusCode.OK);
        Assert.Equal(2, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(afterApply, await Portal.Store.SnapshotAsync());

        var export = await http.GetAsync($"api/v1/tenants/{tenant.Value}/groups/export");
        await ExpectAsync(export, HttpStatusCode.OK);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var exported = await export.Content.ReadAsStringAsync();
        Assert.Contains("sales,sales@example.org,ann; bob", exported, StringComparison.Ordinal);
        var roundTrip = await JsonAsync(await http.PostAsync(url, new StringContent(exported, Encoding.UTF8, "text/csv")), HttpStatusCode.OK);
        Assert.Equal(2, roundTrip.GetProperty("unchanged").GetInt32());
        Assert.Equal(2, roundTrip.GetProperty("rows").GetArrayLength());

        var other = await Seed.TenantAsync(Name("gcsvother"));
        using var scoped = Client(await TokenAsync(await AdminKeyAsync(), "gcsv-scoped", other));
        var beforeForeign = await Portal.Store.SnapshotAsync();
        await SameAnswerAsync(scoped.PostAsync($"{url}?apply=true", Csv(csv)), scoped.PostAsync($"api/v1/tenants/no-such-{_run}/groups/import?apply=true", Csv(csv)));
        await SameAnswerAsync(scoped.GetAsync($"api/v1/tenants/{tenant.Value}/groups/export"), scoped.GetAsync($"api/v1/tenants/no-such-{_run}/groups/export"));
        Assert.Equal(beforeForeign, await Portal.Store.SnapshotAsync());
    }

    private static StringContent Csv(StringBuilder csv) => new(csv.ToString(), Encoding.UTF8, "text/csv");
}
