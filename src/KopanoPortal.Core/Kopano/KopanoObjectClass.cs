namespace KopanoPortal.Core.Kopano;

/// <summary>KC's objectclass_t: <c>(type &lt;&lt; 16) | class</c> (docs/kopano.md, "Object classes and relations").</summary>
public enum KopanoObjectClass : uint
{
    Unknown = 0,
    AnyUser = 0x10000,
    ActiveUser = 0x10001,
    NonActiveUser = 0x10002,
    NonActiveRoom = 0x10003,
    NonActiveEquipment = 0x10004,
    NonActiveContact = 0x10005,
    AnyGroup = 0x30000,
    DistListGroup = 0x30001,
    DistListSecurity = 0x30002,
    DistListDynamic = 0x30003,
    AnyContainer = 0x40000,
    Company = 0x40001,
    AddressList = 0x40002,
}

public static class KopanoObjectClassExtensions
{
    private const uint TypeMask = 0xFFFF0000;

    public static uint TypeOf(this KopanoObjectClass objectClass) => (uint)objectClass & TypeMask;

    public static bool IsUser(this KopanoObjectClass objectClass) => objectClass.TypeOf() == (uint)KopanoObjectClass.AnyUser;

    public static bool IsGroup(this KopanoObjectClass objectClass) => objectClass.TypeOf() == (uint)KopanoObjectClass.AnyGroup;
}
