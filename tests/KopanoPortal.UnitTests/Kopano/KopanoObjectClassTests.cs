using KopanoPortal.Core.Kopano;

namespace KopanoPortal.UnitTests.Kopano;

/// <summary>
/// objectclass_t as KC defines it (m4lcommon/include/kopano/ECDefs.h; docs/kopano.md,
/// "Object classes and relations"): written here with KC's own type and class numbers and its OBJECTCLASS macro, not
/// with the portal's numbers, so a changed enum value fails.
/// </summary>
public sealed class KopanoObjectClassTests
{
    // enum objecttype_t in ECDefs.h.
    private const uint OBJECTTYPE_UNKNOWN = 0, OBJECTTYPE_MAILUSER = 1, OBJECTTYPE_DISTLIST = 3, OBJECTTYPE_CONTAINER = 4;

    // #define OBJECTCLASS(__type, __class) ( (((__type) << 16) | ((__class) & 0xffff)) ) in ECDefs.h.
    private static uint OBJECTCLASS(uint type, uint @class) => (type << 16) | (@class & 0xffff);

    /// <summary>Every member of enum objectclass_t in ECDefs.h, by KC's name.</summary>
    private static readonly Dictionary<KopanoObjectClass, (string KcName, uint Value)> Kc = new()
    {
        [KopanoObjectClass.Unknown] = ("OBJECTCLASS_UNKNOWN", OBJECTCLASS(OBJECTTYPE_UNKNOWN, 0)),
        [KopanoObjectClass.AnyUser] = ("OBJECTCLASS_USER", OBJECTCLASS(OBJECTTYPE_MAILUSER, 0)),
        [KopanoObjectClass.ActiveUser] = ("ACTIVE_USER", OBJECTCLASS(OBJECTTYPE_MAILUSER, 1)),
        [KopanoObjectClass.NonActiveUser] = ("NONACTIVE_USER", OBJECTCLASS(OBJECTTYPE_MAILUSER, 2)),
        [KopanoObjectClass.NonActiveRoom] = ("NONACTIVE_ROOM", OBJECTCLASS(OBJECTTYPE_MAILUSER, 3)),
        [KopanoObjectClass.NonActiveEquipment] = ("NONACTIVE_EQUIPMENT", OBJECTCLASS(OBJECTTYPE_MAILUSER, 4)),
        [KopanoObjectClass.NonActiveContact] = ("NONACTIVE_CONTACT", OBJECTCLASS(OBJECTTYPE_MAILUSER, 5)),
        [KopanoObjectClass.AnyGroup] = ("OBJECTCLASS_DISTLIST", OBJECTCLASS(OBJECTTYPE_DISTLIST, 0)),
        [KopanoObjectClass.DistListGroup] = ("DISTLIST_GROUP", OBJECTCLASS(OBJECTTYPE_DISTLIST, 1)),
        [KopanoObjectClass.DistListSecurity] = ("DISTLIST_SECURITY", OBJECTCLASS(OBJECTTYPE_DISTLIST, 2)),
        [KopanoObjectClass.DistListDynamic] = ("DISTLIST_DYNAMIC", OBJECTCLASS(OBJECTTYPE_DISTLIST, 3)),
        [KopanoObjectClass.AnyContainer] = ("OBJECTCLASS_CONTAINER", OBJECTCLASS(OBJECTTYPE_CONTAINER, 0)),
        [KopanoObjectClass.Company] = ("CONTAINER_COMPANY", OBJECTCLASS(OBJECTTYPE_CONTAINER, 1)),
        [KopanoObjectClass.AddressList] = ("CONTAINER_ADDRESSLIST", OBJECTCLASS(OBJECTTYPE_CONTAINER, 2)),
    };

    [Fact]
    public void Every_object_class_is_the_number_KC_builds_with_its_OBJECTCLASS_macro()
    {
        var wrong = Enum.GetValues<KopanoObjectClass>()
            .Where(c => !Kc.TryGetValue(c, out var kc) || (uint)c != kc.Value)
            .Select(c => Kc.TryGetValue(c, out var kc) ? $"{c} is {(uint)c}, KC's {kc.KcName} is {kc.Value}" : $"{c} ({(uint)c}) is not one of KC's classes")
            .ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Theory]
    [InlineData(KopanoObjectClass.ActiveUser, true, false)]
    [InlineData(KopanoObjectClass.NonActiveUser, true, false)]
    [InlineData(KopanoObjectClass.NonActiveRoom, true, false)]
    [InlineData(KopanoObjectClass.NonActiveEquipment, true, false)]
    [InlineData(KopanoObjectClass.NonActiveContact, true, false)]
    [InlineData(KopanoObjectClass.DistListGroup, false, true)]
    [InlineData(KopanoObjectClass.DistListSecurity, false, true)]
    [InlineData(KopanoObjectClass.DistListDynamic, false, true)]
    [InlineData(KopanoObjectClass.Company, false, false)]
    [InlineData(KopanoObjectClass.AddressList, false, false)]
    [InlineData(KopanoObjectClass.Unknown, false, false)]
    public void IsUser_and_IsGroup_follow_the_object_type_in_the_high_16_bits(
        KopanoObjectClass objectClass, bool isUser, bool isGroup)
    {
        Assert.Equal(isUser, objectClass.IsUser());
        Assert.Equal(isGroup, objectClass.IsGroup());
    }
}
