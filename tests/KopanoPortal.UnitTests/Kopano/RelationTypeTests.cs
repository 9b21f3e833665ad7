using KopanoPortal.Core.Kopano;

namespace KopanoPortal.UnitTests.Kopano;

/// <summary>
/// objectrelation.relationtype is KC's userobject_relation_t (m4lcommon/include/kopano/ECDefs.h; docs/kopano.md,
/// "Object classes and relations"), written here by KC's names, so a changed enum value fails.
/// </summary>
public sealed class RelationTypeTests
{
    [Fact]
    public void Every_relation_type_is_the_number_KC_gives_it()
    {
        var kc = new Dictionary<RelationType, (string KcName, int Value)>
        {
            [RelationType.GroupMember] = ("OBJECTRELATION_GROUP_MEMBER", 1),
            [RelationType.CompanyView] = ("OBJECTRELATION_COMPANY_VIEW", 2),
            [RelationType.CompanyAdmin] = ("OBJECTRELATION_COMPANY_ADMIN", 3),
            [RelationType.QuotaUserRecipient] = ("OBJECTRELATION_QUOTA_USERRECIPIENT", 4),
            [RelationType.QuotaCompanyRecipient] = ("OBJECTRELATION_QUOTA_COMPANYRECIPIENT", 5),
            [RelationType.UserSendAs] = ("OBJECTRELATION_USER_SENDAS", 6),
            [RelationType.AddressListMember] = ("OBJECTRELATION_ADDRESSLIST_MEMBER", 7),
        };

        var wrong = Enum.GetValues<RelationType>()
            .Where(r => !kc.TryGetValue(r, out var k) || (int)r != k.Value)
            .Select(r => kc.TryGetValue(r, out var k) ? $"{r} is {(int)r}, KC's {k.KcName} is {k.Value}" : $"{r} ({(int)r}) is not one of KC's relations")
            .ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
