using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.UnitTests.Validation;

public sealed class TenantFormValidatorTests
{
    private static readonly TenantFormValidator Validator = new(new LoginNameFormat("%u@%c", hosted: true));

    [Fact]
    public void Valid_tenant_name_passes() =>
        Assert.True(Validator.Validate(new TenantForm { Name = "exampleorg" }).IsValid);

    [Fact]
    public void Empty_tenant_name_is_reported_on_the_Name_field_as_tenant_name()
    {
        var failure = Assert.Single(Validator.Validate(new TenantForm { Name = "" }).Errors);
        Assert.Equal(nameof(TenantForm.Name), failure.PropertyName);
        Assert.Equal("Tenant name is required.", failure.ErrorMessage);
    }

    [Fact]
    public void Each_broken_rule_stops_the_chain_so_one_message_is_shown()
    {
        // " jo@hn" breaks the space rule and the separator rule; only the first may be reported.
        var failure = Assert.Single(Validator.Validate(new TenantForm { Name = " jo@hn" }).Errors);
        Assert.Contains("space", failure.ErrorMessage, StringComparison.Ordinal);
    }
}
