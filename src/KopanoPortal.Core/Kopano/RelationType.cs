namespace KopanoPortal.Core.Kopano;

/// <summary>KC's userobject_relation_t, stored in <c>objectrelation.relationtype</c>; directions in docs/kopano.md, "Object classes and relations".</summary>
public enum RelationType : byte
{
    /// <summary>parent = group, child = member.</summary>
    GroupMember = 1,
    /// <summary>parent = company whose view list it is, child = company that may view it.</summary>
    CompanyView = 2,
    /// <summary>parent = company, child = user who administers it remotely.</summary>
    CompanyAdmin = 3,
    QuotaUserRecipient = 4,
    QuotaCompanyRecipient = 5,
    /// <summary>parent = represented user or group, child = delegate.</summary>
    UserSendAs = 6,
    AddressListMember = 7,
}
