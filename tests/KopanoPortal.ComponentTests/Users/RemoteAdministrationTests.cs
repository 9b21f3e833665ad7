using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Model;
using KopanoPortal.Web.Components.Pages.Users;

namespace KopanoPortal.ComponentTests.Users;

/// <summary>On a user's page: the tenants whose remote-admin lists name the user, flagged where KC ignores the entry.</summary>
public sealed class RemoteAdministrationTests : ComponentTestBase
{
    private IRenderedComponent<UserPage> OpenUser(FakeDirectory.UserRow user)
    {
        var cut = Render<UserPage>(p => p.Add(x => x.UserKey, user.Key.Value));
        // The sections load on their own; by the time the features have, so has this one.
        cut.WaitForElement("[data-testid=user-features]");
        return cut;
    }

    private static string[] Rows(IRenderedComponent<UserPage> cut) =>
        cut.FindAll("[data-testid=remote-administration]").Select(r => r.GetAttribute("data-name") ?? "").ToArray();

    [Fact]
    public void A_system_admin_sees_which_tenants_the_user_administers_and_which_entries_KC_ignores()
    {
        var gamma = Directory.AddTenant("Gamma");
        Directory.AddToList(ObjectList.TenantRemoteAdmins, Beta.Key, PlainUser.Key);
        Directory.AddToList(ObjectList.TenantViewers, Beta.Key, Alpha.Key);
        Directory.AddToList(ObjectList.TenantRemoteAdmins, gamma.Key, PlainUser.Key);
        SignInAs(SystemAdmin);

        var cut = OpenUser(PlainUser);

        cut.WaitForAssertion(() => Assert.Equal(["Beta", "Gamma"], Rows(cut).Order()));
        var flagged = cut.FindAll("[data-testid=remote-administration]")
            .Where(r => r.QuerySelector("[data-testid=remote-administration-no-view]") is not null)
            .Select(r => r.GetAttribute("data-name"));
        Assert.Equal(["Gamma"], flagged);
    }

    [Fact]
    public void The_user_sees_their_own_but_their_company_admin_does_not_learn_of_other_tenants()
    {
        Directory.AddToList(ObjectList.TenantRemoteAdmins, Beta.Key, PlainUser.Key);
        Directory.AddToList(ObjectList.TenantViewers, Beta.Key, Alpha.Key);

        SignInAs(PlainUser);
        var own = OpenUser(PlainUser);
        own.WaitForAssertion(() => Assert.Equal(["Beta"], Rows(own)));

        SignInAs(CompanyAdmin);
        var admins = OpenUser(PlainUser);
        Assert.Empty(admins.FindAll("[data-testid=remote-administrations]"));
        Assert.DoesNotContain("Beta", admins.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_shows_for_a_user_on_no_remote_admin_list()
    {
        SignInAs(SystemAdmin);

        var cut = OpenUser(PlainUser);

        Assert.Empty(cut.FindAll("[data-testid=remote-administrations]"));
    }
}
