using KopanoPortal.Core.Services;
using KopanoPortal.Web.Extensions;

namespace KopanoPortal.ComponentTests.Account;

/// <summary>The line the portal prints at start-up about signing in says only what this start did.</summary>
public sealed class SignInHintTests
{
    [Fact]
    public void An_admin_that_already_existed_is_not_said_to_have_the_configured_password()
    {
        var hint = PortalServiceExtensions.SignInHint(BootstrapOutcome.Existing, "admin");

        Assert.DoesNotContain("Bootstrap:AdminPassword", hint);
        Assert.Contains("admin reset-password NAME", hint);
    }

    [Fact]
    public void When_the_directory_could_not_be_checked_no_password_source_is_claimed()
    {
        var hint = PortalServiceExtensions.SignInHint(null, "admin");

        Assert.DoesNotContain("Bootstrap:AdminPassword", hint);
        Assert.DoesNotContain("one-time", hint);
    }

    [Fact]
    public void An_admin_created_now_is_named_with_where_its_password_came_from()
    {
        Assert.Contains("Bootstrap:AdminPassword", PortalServiceExtensions.SignInHint(new BootstrapOutcome(true, null), "root"));
        var generated = PortalServiceExtensions.SignInHint(new BootstrapOutcome(true, "Abc-Generated-123"), "root");
        Assert.Contains("'root' with the one-time password Abc-Generated-123", generated);
    }
}
