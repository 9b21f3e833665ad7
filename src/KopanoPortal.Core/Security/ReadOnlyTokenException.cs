namespace KopanoPortal.Core.Security;

/// <summary>
/// A write was about to be made for a read-only API token. The API refuses such calls before any service runs
/// (403); this is the services' own guarantee behind that, thrown where every write makes its audit record
/// (<see cref="Services.PortalContext.Audit"/>), before anything is stored. The API answers it as the same 403.
/// </summary>
public sealed class ReadOnlyTokenException(string tokenName)
    : InvalidOperationException($"API token '{tokenName}' is read only: it may not change anything.")
{
    public const string Explanation = "This API token is read only: it may read, but not change anything. Use a token with the role Tenant admin or Full.";

    public string TokenName { get; } = tokenName;
}
