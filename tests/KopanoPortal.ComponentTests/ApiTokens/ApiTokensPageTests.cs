using System.Security.Cryptography;
using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.ComponentTests.ApiTokens;

public sealed class ApiTokensPageTests : ComponentTestBase
{
    private readonly MemoryApiTokenStore _store = new();

    public ApiTokensPageTests() => Services.AddSingleton<IApiTokenStore>(_store);

    private IRenderedComponent<Web.Components.Pages.ApiTokens.Index> RenderLoaded()
    {
        var cut = Render<Web.Components.Pages.ApiTokens.Index>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=api-tokens]")));
        return cut;
    }

    [Fact]
    public void A_company_admin_creates_a_token_for_her_tenant_sees_the_secret_once_and_revokes_it()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded();

        SetLabeled(cut, "Name", "billing");
        Click(cut, "Create token");

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=api-token-secret-panel]")), TimeSpan.FromSeconds(10));
        var secret = FieldInput(cut, "api-token-secret").GetAttribute("value")!;
        Assert.StartsWith("kpt_", secret);
        var stored = Assert.Single(_store.Rows);
        Assert.Equal(Alpha.Key, stored.Info.Tenant);
        Assert.Equal(SHA256.HashData(System.Buffers.Text.Base64Url.DecodeFromChars(secret.AsSpan(secret.IndexOf('_', 4) + 1))), stored.SecretHash);
        Assert.DoesNotContain(secret, stored.Info.ToString());
        Assert.Contains(_store.Audits, a => a.Action == "apitoken.create" && a.Target == "billing" && a.Actor == "boss@Alpha");

        Click(cut, "Done");
        cut.WaitForAssertion(() => Assert.DoesNotContain(secret, cut.Markup));
        Assert.Equal("Active", cut.Find("[data-testid=api-token-row][data-name=billing] [data-testid=api-token-status]").TextContent.Trim());

        ClickTestId(cut, "api-token-revoke");
        cut.WaitForAssertion(() => Assert.Equal("Revoked",
            cut.Find("[data-testid=api-token-row][data-name=billing] [data-testid=api-token-status]").TextContent.Trim()));
        Assert.NotNull(Assert.Single(_store.Rows).Info.Revoked);
    }

    [Fact]
    public void A_company_admin_sees_only_her_tenants_tokens_and_cannot_make_one_for_all_tenants()
    {
        var now = DateTimeOffset.UtcNow;
        _store.Add(new NewApiToken("theirs", SystemAdmin.Key, "admin", Beta.Key, "Beta", new byte[32], now, now.AddDays(1)));
        _store.Add(new NewApiToken("everything", SystemAdmin.Key, "admin", null, null, new byte[32], now, now.AddDays(1)));
        _store.Add(new NewApiToken("ours", SystemAdmin.Key, "admin", Alpha.Key, "Alpha", new byte[32], now, now.AddDays(1)));
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded();

        Assert.Equal(["ours"], cut.FindAll("[data-testid=api-token-row]").Select(r => r.GetAttribute("data-name")));
        Assert.DoesNotContain("All tenants", cut.Markup);
    }

    [Fact]
    public void A_plain_user_gets_a_refusal_and_no_form()
    {
        SignInAs(PlainUser);
        var cut = Render<Web.Components.Pages.ApiTokens.Index>();
        cut.WaitForAssertion(() => Assert.Contains("not allowed", cut.Markup));
        Assert.Empty(cut.FindAll("[data-testid=create-api-token]"));
    }

    [Fact]
    public void The_tokens_sort_by_name_and_by_expiry_both_ways()
    {
        var now = DateTimeOffset.UtcNow;
        _store.Add(new NewApiToken("billing", SystemAdmin.Key, "admin", null, null, new byte[32], now, now.AddDays(30)));
        _store.Add(new NewApiToken("Zabbix", SystemAdmin.Key, "admin", null, null, new byte[32], now, now.AddDays(2)));
        _store.Add(new NewApiToken("crm", SystemAdmin.Key, "admin", null, null, new byte[32], now, now.AddDays(9)));
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();
        string[] Names() => cut.FindAll("[data-testid=api-token-row]").Select(r => r.GetAttribute("data-name")!).ToArray();
        Assert.Equal(["crm", "Zabbix", "billing"], Names());

        SortTable(cut, "api-tokens", "Name");
        Assert.Equal(["billing", "crm", "Zabbix"], Names());
        SortTable(cut, "api-tokens", "Name");
        Assert.Equal(["Zabbix", "crm", "billing"], Names());

        // By date, not by the text of the date.
        SortTable(cut, "api-tokens", "Expires");
        Assert.Equal(["Zabbix", "crm", "billing"], Names());
        Assert.Equal("ascending", TableHeader(cut, "api-tokens", "Expires").GetAttribute("aria-sort"));
        SortTable(cut, "api-tokens", "Expires");
        Assert.Equal(["billing", "crm", "Zabbix"], Names());
    }

    /// <summary>The token store in memory: the page's logic is the service's, whose SQL store the integration tests cover.</summary>
    internal sealed class MemoryApiTokenStore : IApiTokenStore
    {
        public List<StoredApiToken> Rows { get; } = [];

        public List<AuditEntry> Audits { get; } = [];

        public ApiTokenInfo Add(NewApiToken token)
        {
            var info = new ApiTokenInfo(Rows.Count + 1, token.Name, token.Owner, token.OwnerLogin, token.Tenant, token.TenantName, token.Created, token.Expires, null, null, token.Role);
            Rows.Add(new StoredApiToken(info, token.SecretHash));
            return info;
        }

        public Task<IReadOnlyList<ApiTokenInfo>> ListAsync(IReadOnlyCollection<ObjectKey>? tenants, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<ApiTokenInfo>>(Rows.Select(r => r.Info)
                .Where(t => tenants is null || (t.Tenant is { } k && tenants.Contains(k))).OrderByDescending(t => t.Id).ToList());

        public Task<StoredApiToken?> GetAsync(long id, CancellationToken ct) => Task.FromResult(Rows.FirstOrDefault(r => r.Info.Id == id));

        public Task<ApiTokenInfo> CreateAsync(NewApiToken token, AuditEntry audit, CancellationToken ct)
        {
            Audits.Add(audit);
            return Task.FromResult(Add(token));
        }

        public Task<bool> RevokeAsync(long id, DateTimeOffset at, AuditEntry audit, CancellationToken ct)
        {
            var index = Rows.FindIndex(r => r.Info.Id == id && r.Info.Revoked is null);
            if (index < 0)
                return Task.FromResult(false);
            Rows[index] = Rows[index] with { Info = Rows[index].Info with { Revoked = at } };
            return Task.FromResult(true);
        }

        public Task TouchAsync(long id, DateTimeOffset at, CancellationToken ct) => Task.CompletedTask;
    }
}

/// <summary>The role of a new token: chosen in plain words, Full for system admins only, stored and listed.</summary>
public sealed class ApiTokenRoleChoiceTests : ComponentTestBase
{
    private readonly ApiTokenStoreForRoles _store = new();

    public ApiTokenRoleChoiceTests() => Services.AddSingleton<IApiTokenStore>(_store);

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderLoaded()
    {
        var cut = RenderWithPopovers<Web.Components.Pages.ApiTokens.Index>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=api-tokens]")));
        return cut;
    }

    [Fact]
    public void A_company_admin_chooses_between_read_only_and_tenant_admin_and_the_list_shows_the_choice()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded();

        Assert.Equal(["Read only", "Tenant admin"], OpenRoles(cut));
        ChooseRole(cut, "Tenant admin");
        SetLabeled(cut, "Name", "provisioning");
        Click(cut, "Create token");

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=api-token-secret-panel]")), TimeSpan.FromSeconds(10));
        Assert.Equal(ApiTokenRole.TenantAdmin, Assert.Single(_store.Rows).Role);
        Assert.Contains(_store.Audits, a => a.Action == "apitoken.create" && a.After!.Contains("\"Role\":\"Tenant admin\""));
        Assert.Equal("Tenant admin", cut.Find("[data-testid=api-token-row][data-name=provisioning] [data-testid=api-token-role]").TextContent.Trim());
    }

    [Fact]
    public void A_new_token_is_read_only_unless_chosen_otherwise_and_a_system_admin_may_also_choose_full()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        Assert.Equal("Read only", RoleShown(cut));
        Assert.Equal(["Read only", "Tenant admin", "Full"], OpenRoles(cut));
        SetLabeled(cut, "Name", "reports");
        Click(cut, "Create token");

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=api-token-secret-panel]")), TimeSpan.FromSeconds(10));
        var stored = Assert.Single(_store.Rows);
        Assert.Equal(ApiTokenRole.ReadOnly, stored.Role);
        Assert.Null(stored.Tenant);
        Assert.Equal("Read only", cut.Find("[data-testid=api-token-row][data-name=reports] [data-testid=api-token-role]").TextContent.Trim());
    }

    [Fact]
    public void A_tenant_admin_token_for_all_tenants_is_refused_beside_the_tenant_field_and_nothing_is_stored()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        ChooseRole(cut, "Tenant admin");
        SetLabeled(cut, "Name", "everywhere");
        Click(cut, "Create token");

        cut.WaitForAssertion(() => Assert.Contains("A tenant admin token needs the one tenant it administers.", cut.Markup));
        Assert.Empty(_store.Rows);
    }

    /// <summary>A select of an enum renders no input: its shown value is the combobox's text.</summary>
    private static string RoleShown(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut) =>
        cut.Find("[data-testid=api-token-role-choice]").TextContent.Trim();

    private static string[] OpenRoles(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut)
    {
        Act(cut, () => cut.Find("[data-testid=api-token-role-choice]").Closest(".mud-input-control[blazor\\:onmousedown]")!.MouseDown());
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".mud-popover-open .mud-list-item")));
        return cut.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim()).ToArray();
    }

    private static void ChooseRole(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, string role)
    {
        if (cut.FindAll(".mud-popover-open .mud-list-item").Count == 0)
            OpenRoles(cut);
        Act(cut, () => cut.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == role).Click());
        cut.WaitForAssertion(() => Assert.Equal(role, RoleShown(cut)));
    }

    private sealed class ApiTokenStoreForRoles : IApiTokenStore
    {
        public List<ApiTokenInfo> Rows { get; } = [];

        public List<AuditEntry> Audits { get; } = [];

        public Task<IReadOnlyList<ApiTokenInfo>> ListAsync(IReadOnlyCollection<ObjectKey>? tenants, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<ApiTokenInfo>>(Rows.Where(t => tenants is null || (t.Tenant is { } k && tenants.Contains(k))).ToList());

        public Task<StoredApiToken?> GetAsync(long id, CancellationToken ct) =>
            Task.FromResult(Rows.Where(r => r.Id == id).Select(r => new StoredApiToken(r, new byte[32])).FirstOrDefault());

        public Task<ApiTokenInfo> CreateAsync(NewApiToken token, AuditEntry audit, CancellationToken ct)
        {
            Audits.Add(audit);
            var info = new ApiTokenInfo(Rows.Count + 1, token.Name, token.Owner, token.OwnerLogin, token.Tenant, token.TenantName,
                token.Created, token.Expires, null, null, token.Role);
            Rows.Add(info);
            return Task.FromResult(info);
        }

        public Task<bool> RevokeAsync(long id, DateTimeOffset at, AuditEntry audit, CancellationToken ct) => Task.FromResult(false);

        public Task TouchAsync(long id, DateTimeOffset at, CancellationToken ct) => Task.CompletedTask;
    }
}
