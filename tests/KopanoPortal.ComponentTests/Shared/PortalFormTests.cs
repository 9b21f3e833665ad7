using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Model;
using KopanoPortal.Web.Components.Pages.Users;
using KopanoPortal.Web.Components.Shared;

namespace KopanoPortal.ComponentTests.Shared;

/// <summary>
/// The one mechanism of every form: a submit (what Enter in a text field does) runs the step once, never while a field
/// shows an error; the required fields are those the service's rules refuse empty; the latest field error is announced.
/// </summary>
public sealed class PortalFormTests : ComponentTestBase
{
    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderCreateUser()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderWithPopovers<CreateUser>(("TenantKey", Alpha.Key.Value));
        cut.WaitForAssertion(() => Assert.True(HasButton(cut, "Create user")));
        return cut;
    }

    private static void Fill(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, string email)
    {
        SetField(cut, "user-name", "carol");
        SetField(cut, "user-fullname", "Carol Example");
        SetField(cut, "user-email", email);
        SetField(cut, "user-password", "long-enough-1");
    }

    private static void Submit(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut) => Act(cut, () => cut.Find("form").Submit());

    private static bool SubmitDisabled(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut) =>
        cut.Find("form button[type=submit]").HasAttribute("disabled");

    [Fact]
    public void While_a_field_shows_an_error_the_submit_button_is_disabled_and_a_submit_saves_nothing()
    {
        var cut = RenderCreateUser();
        Fill(cut, "not-an-address");

        cut.WaitForAssertion(() => Assert.True(FieldHasError(cut, "user-email")));
        Assert.True(SubmitDisabled(cut));
        Submit(cut);

        Assert.DoesNotContain(Directory.Users, u => u.Name == "carol");
        Assert.True(FieldHasError(cut, "user-email"));

        SetField(cut, "user-email", "carol@alpha.example");

        cut.WaitForAssertion(() => Assert.False(SubmitDisabled(cut)));
        Assert.False(FieldHasError(cut, "user-email"));
    }

    [Fact]
    public void A_submit_of_a_valid_form_creates_the_user_through_the_submit_button()
    {
        var cut = RenderCreateUser();
        Fill(cut, "carol@alpha.example");
        Assert.Equal("submit", cut.FindAll("button").Single(b => b.TextContent.Trim() == "Create user").GetAttribute("type"));

        Submit(cut);

        cut.WaitForAssertion(() => Assert.Single(Directory.Users, u => u.Name == "carol"));
    }

    [Fact]
    public void The_required_marks_follow_the_services_rules_and_change_with_the_form()
    {
        var cut = RenderCreateUser();

        foreach (var field in new[] { "user-name", "user-fullname", "user-email", "user-password" })
        {
            Assert.Equal("true", FieldInput(cut, field).GetAttribute("aria-required"));
            // Not MudBlazor's Required: its own check would show "Required" where the service's rules have said nothing.
            Assert.Null(FieldInput(cut, field).Closest(".mud-input-required"));
        }

        Act(cut, () => FieldInput(cut, "user-active").Change(false));

        cut.WaitForAssertion(() => Assert.NotEqual("true", FieldInput(cut, "user-password").GetAttribute("aria-required")));
        Assert.Equal("true", FieldInput(cut, "user-name").GetAttribute("aria-required"));
    }

    [Fact]
    public void The_live_region_says_the_latest_field_error_and_falls_silent_when_it_is_fixed()
    {
        var cut = RenderCreateUser();
        var region = () => cut.Find("form [role=status]");
        Assert.Equal("polite", region().GetAttribute("aria-live"));
        Assert.Equal("", region().TextContent.Trim());

        SetField(cut, "user-email", "not-an-address");

        cut.WaitForAssertion(() => Assert.Equal(FieldMessage(cut, "user-email"), region().TextContent.Trim()));
        Assert.NotEqual("", region().TextContent.Trim());

        SetField(cut, "user-email", "carol@alpha.example");

        cut.WaitForAssertion(() => Assert.Equal("", region().TextContent.Trim()));
    }

    private IRenderedComponent<PortalForm> RenderForm(FormErrors errors, Func<Task> step) => Render<PortalForm>(p => p
        .Add(x => x.Errors, errors)
        .Add(x => x.OnSubmit, step)
        .AddChildContent<FormSubmit>(b => b.AddChildContent("Save")));

    private IRenderedComponent<PortalForm> RenderForm(FormErrors errors, Action step) => RenderForm(errors, () =>
    {
        step();
        return Task.CompletedTask;
    });

    [Fact]
    public void A_second_submit_while_the_step_runs_does_not_run_it_again()
    {
        var runs = 0;
        var step = new TaskCompletionSource();
        var cut = RenderForm(new FormErrors("Name"), async () =>
            {
                runs++;
                await step.Task;
            });
        var form = cut.Find("form");

        cut.InvokeAsync(() => form.Submit());
        cut.WaitForAssertion(() => Assert.True(cut.Find("button[type=submit]").HasAttribute("disabled")));
        cut.InvokeAsync(() => cut.Find("form").Submit());
        step.SetResult();

        cut.WaitForAssertion(() => Assert.False(cut.Find("button[type=submit]").HasAttribute("disabled")));
        Assert.Equal(1, runs);
        Assert.True(cut.Find("form").HasAttribute("novalidate"));
    }

    [Fact]
    public void A_submit_while_a_field_shows_an_error_does_not_run_the_step()
    {
        var runs = 0;
        var errors = new FormErrors("Name");
        errors.Show(new InvalidInput("Name", "Taken."));
        var cut = RenderForm(errors, () => runs++);

        Act(cut, () => cut.Find("form").Submit());

        Assert.Equal(0, runs);
        Assert.True(cut.Find("button[type=submit]").HasAttribute("disabled"));
        Assert.Equal("Taken.", cut.Find("[role=status]").TextContent.Trim());
    }

    [Fact]
    public void A_field_error_from_the_service_goes_when_its_field_is_forgotten()
    {
        var errors = new FormErrors("Name");

        errors.Show(new InvalidInput("Name", "Taken."));

        Assert.True(errors.HasFieldErrors);
        Assert.Equal("Taken.", errors.Latest);
        errors.Forget("Name");
        Assert.False(errors.HasFieldErrors);
        Assert.Null(errors.Latest);
    }
}
