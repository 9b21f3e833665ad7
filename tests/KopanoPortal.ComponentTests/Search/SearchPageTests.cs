using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Web.Components.Layout;
using KopanoPortal.Web.Components.Pages.Users;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using SearchPage = KopanoPortal.Web.Components.Pages.Search.Index;

namespace KopanoPortal.ComponentTests.Search;

/// <summary>The search across tenants: the page's results and paging, and who gets the box in the top bar.</summary>
public sealed class SearchPageTests : ComponentTestBase
{
    public SearchPageTests()
    {
        Services.AddSingleton<AntiforgeryStateProvider, NoAntiforgery>();
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private IRenderedComponent<SearchPage> RenderSearch(string? text)
    {
        Navigation.NavigateTo(text is null ? "search" : SearchPage.Url(text));
        return Render<SearchPage>();
    }

    [Fact]
    public void A_system_admin_sees_matching_users_of_every_tenant_with_their_tenant_and_a_link()
    {
        var ann = Directory.AddUser(Alpha, "ann.harbour");
        var bob = Directory.AddUser(Beta, "bob");
        bob.FullName = "Bob Harbour";
        Directory.AddUser(Beta, "carl");
        SignInAs(SystemAdmin);

        var cut = RenderSearch("HARBOUR");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=search-row]").Count));
        var rows = cut.FindAll("[data-testid=search-row]");
        Assert.Equal(["ann.harbour", "bob"], rows.Select(r => r.QuerySelector("[data-testid=search-user-link]")!.TextContent.Trim()));
        Assert.Equal(["Alpha", "Beta"], cut.FindAll("[data-testid=search-tenant]").Select(t => t.TextContent.Trim()));
        Assert.Equal(UserPage.Url(ann.Key), rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Bob Harbour", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("HARBOUR", Assert.Single(Directory.Searches).Text);
        // The field is labelled and holds the text searched for.
        Assert.NotNull(cut.Find("label[for=search-text]"));
        Assert.Equal("HARBOUR", cut.Find("#search-text").GetAttribute("value"));
    }

    [Fact]
    public void Next_and_previous_page_walk_the_results_by_cursor()
    {
        foreach (var n in Enumerable.Range(1, 30))
            Directory.AddUser(n % 2 == 0 ? Alpha : Beta, $"dock{n:00}");
        SignInAs(SystemAdmin);

        var cut = RenderSearch("dock");
        cut.WaitForAssertion(() => Assert.Equal(25, cut.FindAll("[data-testid=search-row]").Count));
        Assert.True(cut.Find("[data-testid=search-previous]").HasAttribute("disabled"));

        cut.Find("[data-testid=search-next]").Click();
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=search-row]").Count));
        Assert.Equal("dock26", cut.Find("[data-testid=search-user-link]").TextContent.Trim());
        Assert.True(cut.Find("[data-testid=search-next]").HasAttribute("disabled"));
        Assert.Equal([null, "25"], Directory.Searches.Select(s => s.After));

        cut.Find("[data-testid=search-previous]").Click();
        cut.WaitForAssertion(() => Assert.Equal(25, cut.FindAll("[data-testid=search-row]").Count));
        Assert.Equal("dock01", cut.Find("[data-testid=search-user-link]").TextContent.Trim());
    }

    [Fact]
    public void No_match_is_said_in_plain_words()
    {
        SignInAs(SystemAdmin);
        var cut = RenderSearch("nobody-here");
        cut.WaitForAssertion(() => Assert.Contains("No user matches", cut.Find("[data-testid=search-empty]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=search-results]"));
    }

    [Fact]
    public void A_company_admin_is_refused_and_nothing_is_searched()
    {
        Directory.AddUser(Beta, "secret.harbour");
        SignInAs(CompanyAdmin);

        var cut = RenderSearch("harbour");

        cut.WaitForAssertion(() => Assert.Contains("Only system admins", cut.Find("[data-testid=operation-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=search-row]"));
        Assert.Empty(cut.FindAll("[data-testid=search-form]"));
        Assert.DoesNotContain("secret.harbour", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(Directory.Searches);
    }

    private IRenderedComponent<MainLayout> RenderLayout()
    {
        var cut = Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page"))));
        cut.WaitForElement("[data-testid=signed-in-user]");
        return cut;
    }

    [Fact]
    public void The_top_bar_search_is_offered_to_system_admins_and_opens_the_search_page()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLayout();

        Assert.Equal("Search users in every tenant", cut.Find("label[for=top-search-text]").TextContent.Trim());
        cut.Find("[data-testid=top-search-text]").Change("ann & co");
        cut.Find("[data-testid=top-search]").Submit();

        Assert.Equal("search?q=ann%20%26%20co", Navigation.ToBaseRelativePath(Navigation.Uri));
    }

    [Fact]
    public void A_company_admin_gets_no_top_bar_search()
    {
        SignInAs(CompanyAdmin);
        Assert.Empty(RenderLayout().FindAll("[data-testid=top-search]"));
    }

    [Fact]
    public void A_plain_user_gets_no_top_bar_search()
    {
        SignInAs(PlainUser);
        Assert.Empty(RenderLayout().FindAll("[data-testid=top-search]"));
    }
}
