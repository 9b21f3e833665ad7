using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Kopano;
using GroupsIndex = KopanoPortal.Web.Components.Pages.Groups.Index;
using UsersIndex = KopanoPortal.Web.Components.Pages.Users.Index;

namespace KopanoPortal.ComponentTests.Users;

/// <summary>/users and /groups: in a hosted installation they only point to the tenants.</summary>
public sealed class HostedIndexTests : ComponentTestBase
{
    [Fact]
    public void Hosted_the_users_page_points_to_the_tenants_and_lists_nobody()
    {
        SignInAs(SystemAdmin);

        var cut = Render<UsersIndex>();

        Assert.Contains("every user belongs to a tenant", cut.Find("[data-testid=hosted-note]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=user-list]"));
    }

    [Fact]
    public void Hosted_the_groups_page_points_to_the_tenants_and_lists_nothing()
    {
        SignInAs(SystemAdmin);

        var cut = Render<GroupsIndex>();

        Assert.Contains("every group belongs to a tenant", cut.Find("[data-testid=hosted-note]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=group-list]"));
    }
}

/// <summary>Without hosting there are no tenants: /users and /groups list the whole installation.</summary>
public sealed class NonHostedIndexTests : ComponentTestBase
{
    public NonHostedIndexTests()
    {
        Directory.Users.Clear();
        Directory.Tenants.Clear();
        Admin = Directory.AddUser(null, "root", AdminLevel.SystemAdmin);
        Directory.AddUser(null, "sam");
        Directory.AddUser(null, "kim", AdminLevel.CompanyAdmin);
    }

    protected override bool Hosted => false;

    private FakeDirectory.UserRow Admin { get; }

    [Fact]
    public void The_users_page_lists_every_user_with_bare_logins()
    {
        SignInAs(Admin);

        var cut = Render<UsersIndex>();

        cut.WaitForAssertion(() => Assert.Equal(["kim", "root", "sam"], Column(cut, "Login")));
        Assert.Empty(cut.FindAll("[data-testid=hosted-note]"));
        Assert.Equal("users/new", cut.Find("[data-testid=new-user]").GetAttribute("href"));
    }

    [Fact]
    public void A_plain_user_is_not_shown_the_users()
    {
        SignInAs(Directory.Users.Single(u => u.Name == "sam"));

        var cut = Render<UsersIndex>();

        cut.WaitForAssertion(() => Assert.True(HasOperationError(cut)));
        Assert.Empty(Column(cut, "Login"));
    }

    [Fact]
    public void The_groups_page_creates_groups_without_tenant()
    {
        SignInAs(Directory.Users.Single(u => u.Name == "kim"));
        var cut = Render<GroupsIndex>();
        cut.WaitForAssertion(() => Assert.Contains("No groups yet.", cut.Markup));

        SetField(cut, "new-group-name", "everyone-else");
        Click(cut, "Create group");

        cut.WaitForAssertion(() => Assert.Equal(["everyone-else"], Column(cut, "Group")));
        var group = Assert.Single(Directory.Groups);
        Assert.Null(group.Tenant);
    }

    [Fact]
    public void A_name_with_the_separator_is_fine_when_the_login_format_does_not_split_tenants()
    {
        SignInAs(Admin);
        var cut = Render<GroupsIndex>();

        SetField(cut, "new-group-name", "a@b");
        Click(cut, "Create group");

        cut.WaitForAssertion(() => Assert.Equal(["a@b"], Column(cut, "Group")));
        Assert.Single(CallsOf("CreateGroup"));
    }
}
