using AngleSharp.Dom;
using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Model;
using KopanoPortal.Web.Components.Layout;
using KopanoPortal.Web.Components.Pages.Account;
using KopanoPortal.Web.Components.Pages.Groups;
using KopanoPortal.Web.Components.Pages.Tenants;
using KopanoPortal.Web.Components.Pages.Users;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using AccessIndex = KopanoPortal.Web.Components.Pages.Access.Index;
using AuditIndex = KopanoPortal.Web.Components.Pages.Audit.Index;
using GroupsIndex = KopanoPortal.Web.Components.Pages.Groups.Index;
using OperatorsIndex = KopanoPortal.Web.Components.Pages.Operators.Index;
using SearchIndex = KopanoPortal.Web.Components.Pages.Search.Index;
using TenantsIndex = KopanoPortal.Web.Components.Pages.Tenants.Index;
using UsersIndex = KopanoPortal.Web.Components.Pages.Users.Index;

namespace KopanoPortal.ComponentTests.Localization;

/// <summary>
/// Every page in German holds no English: rendered with pseudo-localization (<see cref="PseudoLocalization"/>), each
/// visible text and user-facing attribute is translated, Core's German, or the data the test put in.
/// </summary>
public sealed class NoEnglishTests : ComponentTestBase
{
    public NoEnglishTests()
    {
        Services.AddSingleton<AntiforgeryStateProvider, NoAntiforgery>();
        Services.AddSingleton(new KopanoPortal.Web.Servers.OneTimeDownloads(TimeProvider.System));
        PseudoLocalization.Add(Services);
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var staff = Directory.AddGroup(Alpha, "staff", CompanyAdmin, PlainUser);
        staff.Email = "staff@alpha.example";
        PlainUser.FullName = "Pat Example";
        PlainUser.Email = "pat@alpha.example";
    }

    /// <summary>The names, logins and addresses in the fake directory: shown as they are in every language.</summary>
    private IEnumerable<string> Fixture() =>
        Directory.Tenants.Select(t => t.Name)
            .Concat(Directory.Users.SelectMany(u => new[] { u.Name, u.FullName, u.Email }))
            .Concat(Directory.Groups.SelectMany(g => new[] { g.Name, g.Email }))
            .Concat(Operators.Rows.SelectMany(r => new[] { r.Account.Name, r.Account.FullName }));

    private void AssertNoEnglish<T>(IRenderedComponent<T> cut, params string[] alsoShown) where T : IComponent
    {
        var found = PseudoLocalization.Untranslated(cut.Nodes, Fixture().Concat(alsoShown));
        Assert.True(found.Count == 0, $"{typeof(T).Name}: English left in German:\n" + string.Join('\n', found));
    }

    /// <summary>Renders in German, lets <paramref name="ready"/> wait for the page's data, then looks for English.</summary>
    private void Check<T>(Func<IRenderedComponent<T>> render, Action<IRenderedComponent<T>> ready, params string[] alsoShown) where T : IComponent =>
        Language.In("de", () =>
        {
            var cut = render();
            ready(cut);
            AssertNoEnglish(cut, alsoShown);
        });

    /// <summary>Clicks each tab in turn and looks for English in what it shows.</summary>
    private void CheckTabs<T>(IRenderedComponent<T> cut, params string[] alsoShown) where T : IComponent
    {
        var count = cut.FindAll(".mud-tab").Count;
        Assert.True(count > 1);
        for (var i = 0; i < count; i++)
        {
            var tab = i;
            Act(cut, () => cut.FindAll(".mud-tab")[tab].Click());
            cut.WaitForAssertion(() => Assert.Contains("mud-tab-active", cut.FindAll(".mud-tab")[tab].ClassName));
            Settled(cut);
            AssertNoEnglish(cut, alsoShown);
        }
    }

    /// <summary>No grid or page still loading.</summary>
    private static void Settled<T>(IRenderedComponent<T> cut) where T : IComponent =>
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-table-loading, .mud-progress-circular, .mud-progress-linear")));

    [Fact]
    public void The_bar_of_a_system_admin() => Check(
        () =>
        {
            SignInAs(SystemAdmin);
            return Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, ""))));
        },
        cut => cut.WaitForElement("[data-testid=signed-in-user]"));

    [Fact]
    public void The_sign_in_page() => Check(() => Render<SignIn>(), _ => { });

    [Fact]
    public void My_account() => Check(
        () =>
        {
            SignInAs(PlainUser);
            return Render<MyAccount>();
        },
        cut => cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=factor-summary]"))));

    [Fact]
    public void The_tenant_list() => Check(
        () =>
        {
            SignInAs(SystemAdmin);
            return Render<TenantsIndex>();
        },
        cut =>
        {
            cut.WaitForAssertion(() => Assert.Contains("Beta", cut.Markup));
            Settled(cut);
        });

    [Fact]
    public void The_tenant_list_empty() => Check(
        () =>
        {
            Directory.Tenants.Clear();
            SignInAs(SystemAdmin);
            return Render<TenantsIndex>();
        },
        Settled);

    [Fact]
    public void A_tenant_page_on_every_tab() => Language.In("de", () =>
    {
        SignInAs(SystemAdmin);
        var cut = Render<TenantPage>(p => p.Add(x => x.TenantKey, Alpha.Key.Value));
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll(".mud-tab").Count));
        CheckTabs(cut);
    });

    [Fact]
    public void A_tenant_page_that_is_not_there() => Check(
        () =>
        {
            SignInAs(SystemAdmin);
            return Render<TenantPage>(p => p.Add(x => x.TenantKey, "nope"));
        },
        cut => cut.WaitForElement("[data-testid=operation-error]"));

    [Fact]
    public void The_user_list_of_a_company_admin() => Check(
        () =>
        {
            SignInAs(CompanyAdmin);
            return Render<UsersIndex>();
        },
        cut =>
        {
            cut.WaitForAssertion(() => Assert.Contains("pat", cut.Markup));
            Settled(cut);
        });

    [Fact]
    public void A_user_page_on_every_tab() => Language.In("de", () =>
    {
        SignInAs(SystemAdmin);
        var cut = Render<UserPage>(p => p.Add(x => x.UserKey, PlainUser.Key.Value));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=user-details]")));
        Settled(cut);
        AssertNoEnglish(cut);
        if (cut.FindAll(".mud-tab").Count > 1)
            CheckTabs(cut);
    });

    [Fact]
    public void A_user_page_that_is_not_there() => Check(
        () =>
        {
            SignInAs(SystemAdmin);
            return Render<UserPage>(p => p.Add(x => x.UserKey, "nope"));
        },
        cut => cut.WaitForElement("[data-testid=operation-error]"));

    [Fact]
    public void The_new_user_form() => Check(
        () =>
        {
            SignInAs(SystemAdmin);
            return Render<CreateUser>(p => p.Add(x => x.TenantKey, Alpha.Key.Value));
        },
        cut => cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=user-name]"))));

    [Fact]
    public void The_import_page() => Check(
        () =>
        {
            SignInAs(CompanyAdmin);
            return Render<ImportUsers>(p => p.Add(x => x.TenantKey, Alpha.Key.Value));
        },
        cut => cut.WaitForAssertion(() => Assert.Contains("Alpha", cut.Markup)));

    [Fact]
    public void The_group_list() => Check(
        () =>
        {
            SignInAs(CompanyAdmin);
            return Render<GroupsIndex>();
        },
        cut => cut.WaitForElement("[data-testid=hosted-note]"));

    [Fact]
    public void A_group_page() => Check(
        () =>
        {
            SignInAs(CompanyAdmin);
            return RenderWithPopovers<GroupPage>(("GroupKey", Directory.Groups[0].Key.Value));
        },
        cut =>
        {
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=group-details]")));
            Settled(cut);
        });

    [Fact]
    public void The_access_overview() => Check(
        () =>
        {
            Directory.AddToList(ObjectList.TenantViewers, Alpha.Key, Beta.Key);
            SignInAs(SystemAdmin);
            return Render<AccessIndex>();
        },
        cut => cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=access-tenant]"))));

    [Fact]
    public void The_audit() => Check(
        () =>
        {
            AuditLog.Record(new AuditEntry(new DateTimeOffset(2025, 3, 4, 12, 0, 0, TimeSpan.Zero), "admin", null, null, "tenant.create", "Alpha", null, """{"Name":"Alpha"}"""));
            SignInAs(SystemAdmin);
            return RenderWithPopovers<AuditIndex>();
        },
        cut =>
        {
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("td.mud-table-cell")));
            Settled(cut);
        });

    [Fact]
    public void The_operators() => Check(
        () =>
        {
            Operators.Add("root", "root-secret-1");
            SignInAs(SystemAdmin);
            return Render<OperatorsIndex>();
        },
        cut => cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=operator-row]"))));

    [Fact]
    public void The_search() => Check(
        () =>
        {
            SignInAs(SystemAdmin);
            Navigation.NavigateTo(SearchIndex.Url("pat"));
            return Render<SearchIndex>();
        },
        cut => cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=search-row]"))),
        "pat");

    [Fact]
    public void The_search_without_hits() => Check(
        () =>
        {
            SignInAs(SystemAdmin);
            Navigation.NavigateTo(SearchIndex.Url("zzz"));
            return Render<SearchIndex>();
        },
        Settled,
        "zzz");

    [Fact]
    public void The_not_found_and_error_pages()
    {
        Check(() => Render<KopanoPortal.Web.Components.Pages.NotFound>(), _ => { });
        Check(() => Render<KopanoPortal.Web.Components.Pages.Error>(), _ => { });
    }
}
