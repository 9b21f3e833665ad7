namespace KopanoPortal.Core.Services;

/// <summary>
/// The one answer a look-up by name gives for "not found or not yours": no such object, an object of another tenant,
/// a group where a user was asked for, a system admin outside every tenant. It echoes nothing, not even the typed text,
/// so no answer differs by what exists elsewhere or how another tenant spells its names.
/// </summary>
public static class LookupAnswer
{
    public const string User = "There is no user with that login that can be added here.";

    public const string Tenant = "There is no tenant with that name that can be added here.";

    public const string UserOrGroup = "There is no user or group with that name that can be added here.";
}
