namespace KopanoPortal.Web.Components.Shared;

/// <summary>What a <see cref="MissingObject"/> page was about.</summary>
public enum MissingObjectKind
{
    User,
    Group,
    Tenant,
    Server,
}
