using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Web.Components.Shared;

namespace KopanoPortal.ComponentTests.Users;

public sealed class UserListTests : ComponentTestBase
{
    private IRenderedComponent<UserList> RenderList(FakeDirectory.TenantRow tenant) =>
        Render<UserList>(p => p.Add(x => x.Tenant, tenant.Key).Add(x => x.TenantName, tenant.Name));

    private IRenderedComponent<UserList> RenderLoaded(FakeDirectory.TenantRow tenant)
    {
        var cut = RenderList(tenant);
        cut.WaitForAssertion(() => Assert.NotEmpty(Column(cut, "Login")));
        return cut;
    }

    [Fact]
    public void A_tenant_without_users_shows_the_empty_state()
    {
        SignInAs(SystemAdmin);

        var cut = RenderList(Beta);

        cut.WaitForAssertion(() => Assert.Contains("No users yet.", cut.Markup));
        Assert.Empty(Column(cut, "Login"));
        Assert.False(HasOperationError(cut));
    }

    [Fact]
    public void The_loaded_list_shows_logins_in_the_login_format_with_name_mail_level_and_active_flag()
    {
        Directory.AddUser(Alpha, "room1", active: false, password: null);
        Directory.AddUser(Beta, "beatrix");
        SignInAs(SystemAdmin);

        var cut = RenderLoaded(Alpha);

        Assert.Equal(["boss@Alpha", "pat@Alpha", "room1@Alpha"], Column(cut, "Login"));
        Assert.Equal(["boss Fullname", "pat Fullname", "room1 Fullname"], Column(cut, "Full name"));
        Assert.Equal(["boss@example.com", "pat@example.com", "room1@example.com"], Column(cut, "E-mail"));
        Assert.Equal(["Company admin", "User", "User"], Column(cut, "Level"));
        Assert.Equal(["Yes", "Yes", "No (shared store)"], Column(cut, "Active"));
        Assert.Equal($"users/{PlainUser.Key.Value}", cut.FindAll("[data-testid=user-link]")[1].GetAttribute("href"));
        Assert.DoesNotContain("beatrix", cut.Markup);
    }

    [Fact]
    public void The_new_user_button_leads_to_the_tenants_create_form()
    {
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded(Alpha);

        Assert.Equal($"tenants/{Alpha.Key.Value}/users/new", cut.Find("[data-testid=new-user]").GetAttribute("href"));
    }

    [Fact]
    public void Searching_matches_name_full_name_or_mail_and_says_when_nothing_matches()
    {
        Directory.AddUser(Alpha, "carol").Email = "finance@example.org";
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(Alpha);

        SetField(cut, "user-search", "FINANCE");
        cut.WaitForAssertion(() => Assert.Equal(["carol@Alpha"], Column(cut, "Login")), TimeSpan.FromSeconds(5));

        SetField(cut, "user-search", "nobody-like-this");
        cut.WaitForAssertion(() => Assert.Contains("No users match the search.", cut.Markup), TimeSpan.FromSeconds(5));
        Assert.Empty(Column(cut, "Login"));
    }

    [Fact]
    public void Only_one_page_is_asked_for_and_the_pager_counts_every_user()
    {
        for (var i = 0; i < 28; i++)
            Directory.AddUser(Alpha, $"user{i:00}");
        SignInAs(SystemAdmin);

        var cut = RenderLoaded(Alpha);

        Assert.Equal(25, Column(cut, "Login").Length);
        Assert.Contains("1-25 of 30", cut.Find(".mud-table-pagination").TextContent);
    }

    [Fact]
    public void Searching_from_a_later_page_starts_again_at_the_first_page_of_matches()
    {
        for (var i = 0; i < 28; i++)
            Directory.AddUser(Alpha, $"user{i:00}");
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(Alpha);
        Act(cut, () => cut.Find("button[aria-label='Next page']").Click());
        cut.WaitForAssertion(() => Assert.Equal(5, Column(cut, "Login").Length));

        SetField(cut, "user-search", "boss");

        cut.WaitForAssertion(() => Assert.Equal(["boss@Alpha"], Column(cut, "Login")), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Every_column_has_a_sort_label_and_login_is_the_default_order()
    {
        SignInAs(SystemAdmin);

        var cut = RenderLoaded(Alpha);

        Assert.Equal(["Login", "Full name", "E-mail", "Level", "Active"], SortableHeaders(cut));
        Assert.Equal(new PageRequest(0, 25), Directory.UserPages.Last());
    }

    [Fact]
    public void Clicking_a_column_header_asks_the_store_for_that_order_and_again_for_the_reverse()
    {
        Directory.AddUser(Alpha, "carol").FullName = "Aaron Carol";
        Directory.AddUser(Alpha, "dave").Email = "a-dave@example.com";
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(Alpha);

        SortBy(cut, "Full name");
        cut.WaitForAssertion(() => Assert.Equal(["carol@Alpha", "boss@Alpha", "dave@Alpha", "pat@Alpha"], Column(cut, "Login")));
        Assert.Equal(new PageRequest(0, 25, Sort: ListSort.FullName), Directory.UserPages.Last());

        SortBy(cut, "Full name");
        cut.WaitForAssertion(() => Assert.Equal(["pat@Alpha", "dave@Alpha", "boss@Alpha", "carol@Alpha"], Column(cut, "Login")));
        Assert.Equal(new PageRequest(0, 25, Descending: true, Sort: ListSort.FullName), Directory.UserPages.Last());

        SortBy(cut, "E-mail");
        cut.WaitForAssertion(() => Assert.Equal(["dave@Alpha", "boss@Alpha", "carol@Alpha", "pat@Alpha"], Column(cut, "Login")));
        Assert.Equal(new PageRequest(0, 25, Sort: ListSort.Email), Directory.UserPages.Last());
    }

    [Fact]
    public void Clicking_level_or_active_asks_the_store_for_that_order_and_again_for_the_reverse()
    {
        Directory.AddUser(Alpha, "carol").Level = AdminLevel.SystemAdmin;
        Directory.AddUser(Alpha, "dave").IsActive = false;
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(Alpha);

        SortBy(cut, "Level");
        cut.WaitForAssertion(() => Assert.Equal(["dave@Alpha", "pat@Alpha", "boss@Alpha", "carol@Alpha"], Column(cut, "Login")));
        Assert.Equal(new PageRequest(0, 25, Sort: ListSort.AdminLevel), Directory.UserPages.Last());

        SortBy(cut, "Level");
        cut.WaitForAssertion(() => Assert.Equal(["carol@Alpha", "boss@Alpha", "pat@Alpha", "dave@Alpha"], Column(cut, "Login")));
        Assert.Equal(new PageRequest(0, 25, Descending: true, Sort: ListSort.AdminLevel), Directory.UserPages.Last());

        SortBy(cut, "Active");
        cut.WaitForAssertion(() => Assert.Equal(["boss@Alpha", "carol@Alpha", "pat@Alpha", "dave@Alpha"], Column(cut, "Login")));
        Assert.Equal(new PageRequest(0, 25, Sort: ListSort.Active), Directory.UserPages.Last());
    }

    [Fact]
    public void A_company_admin_listing_another_tenant_sees_not_found_and_no_users()
    {
        Directory.AddUser(Beta, "beatrix");
        SignInAs(CompanyAdmin);

        var cut = RenderList(Beta);

        cut.WaitForAssertion(() => Assert.Equal("The tenant was not found.", OperationError(cut)));
        Assert.Empty(Column(cut, "Login"));
        Assert.DoesNotContain("beatrix", cut.Markup);
    }

    [Fact]
    public void A_plain_user_listing_their_own_tenant_is_told_they_are_not_allowed_and_sees_no_users()
    {
        SignInAs(PlainUser);

        var cut = RenderList(Alpha);

        cut.WaitForAssertion(() => Assert.Equal("You are not allowed to do that.", OperationError(cut)));
        Assert.Empty(Column(cut, "Login"));
    }
}
