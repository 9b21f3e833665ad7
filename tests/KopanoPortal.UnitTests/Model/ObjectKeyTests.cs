using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;

namespace KopanoPortal.UnitTests.Model;

/// <summary>Keys compare as the directories compare them: hex externids and LDAP entryUUIDs ignore case.</summary>
public sealed class ObjectKeyTests
{
    [Fact]
    public void Keys_that_differ_only_in_case_are_equal_and_hash_alike()
    {
        var upper = new ObjectKey("B3730431295CE7458F4A9C4BF094CCCF");
        var lower = new ObjectKey("b3730431295ce7458f4a9c4bf094cccf");

        Assert.Equal(upper, lower);
        Assert.True(upper == lower);
        Assert.Equal(upper.GetHashCode(), lower.GetHashCode());
        Assert.Single(new HashSet<ObjectKey> { upper, lower });
        Assert.Equal((ObjectKey?)upper, (ObjectKey?)lower);
    }

    [Fact]
    public void Different_keys_stay_different()
    {
        Assert.NotEqual(new ObjectKey("6f1c2a4e-0000-1000-8000-000000000001"), new ObjectKey("6f1c2a4e-0000-1000-8000-000000000002"));
        Assert.NotEqual(default, new ObjectKey(""));
        Assert.Equal(default(ObjectKey), default);
    }

    [Fact]
    public void A_company_admin_administers_their_tenant_whatever_the_case_of_its_key_and_no_other()
    {
        var policy = new AccessPolicy(hosted: true);
        var own = new ObjectKey("6f1c2a4e-aaaa-1000-8000-00000000000a");
        var actor = new Actor(new UserSummary(new ObjectKey("u"), own, "boss", "Boss", "b@x.org", AdminLevel.CompanyAdmin, true), "boss@a", "a");

        Assert.True(policy.CanAdminister(actor, new ObjectKey("6F1C2A4E-AAAA-1000-8000-00000000000A")));
        Assert.False(policy.CanAdminister(actor, new ObjectKey("6F1C2A4E-AAAA-1000-8000-00000000000B")));
    }
}
