using KopanoPortal.Core.Kopano;

namespace KopanoPortal.UnitTests.Kopano;

/// <summary>objectclass_t values from ECDefs.h (docs/kopano.md, "Object classes and relations").</summary>
public sealed class KopanoObjectClassTests
{
    [Theory]
    [InlineData(KopanoObjectClass.AnyUser, 65536u)]
    [InlineData(KopanoObjectClass.ActiveUser, 65537u)]
    [InlineData(KopanoObjectClass.NonActiveUser, 65538u)]
    [InlineData(KopanoObjectClass.NonActiveRoom, 65539u)]
    [InlineData(KopanoObjectClass.NonActiveEquipment, 65540u)]
    [InlineData(KopanoObjectClass.NonActiveContact, 65541u)]
    [InlineData(KopanoObjectClass.AnyGroup, 196608u)]
    [InlineData(KopanoObjectClass.DistListGroup, 196609u)]
    [InlineData(KopanoObjectClass.DistListSecurity, 196610u)]
    [InlineData(KopanoObjectClass.DistListDynamic, 196611u)]
    [InlineData(KopanoObjectClass.AnyContainer, 262144u)]
    [InlineData(KopanoObjectClass.Company, 262145u)]
    [InlineData(KopanoObjectClass.AddressList, 262146u)]
    public void Values_equal_KCs_objectclass_numbers(KopanoObjectClass objectClass, uint expected) =>
        Assert.Equal(expected, (uint)objectClass);

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
