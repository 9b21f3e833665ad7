using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Security;

/// <summary>
/// The signed-in account as the portal knows it now (not as it was at sign-in): a directory user, or an operator
/// (a portal-only system admin, <see cref="Operator"/>) who has no directory user at all.
/// </summary>
public sealed record Actor
{
    /// <param name="remoteTenants">
    /// Other tenants this user administers as KC's GetAdminCompanies() finds them: on the tenant's remote-admin list
    /// (relation 3) and visible to the user's own tenant through the tenant's view-list (relation 2) (docs/kopano.md, "Admin levels and privileges").
    /// </param>
    public Actor(UserSummary user, string login, string? tenantName, IReadOnlyList<DirectoryObjectRef>? remoteTenants = null)
    {
        Key = user.Key;
        User = user;
        Login = login;
        TenantName = tenantName;
        RemoteTenants = remoteTenants;
    }

    private Actor(OperatorAccount account)
    {
        Key = account.Key;
        Operator = account;
        Login = account.Name;
    }

    public static Actor ForOperator(OperatorAccount account) => new(account);

    /// <summary>The account's key for sessions, stamps and sign-in counters: the directory key, or "operator:ID".</summary>
    public ObjectKey Key { get; }

    /// <summary>The directory user; null for an operator.</summary>
    public UserSummary? User { get; }

    /// <summary>The operator account; null for a directory user.</summary>
    public OperatorAccount? Operator { get; }

    public bool IsOperator => Operator is not null;

    public string Login { get; }

    public string? TenantName { get; }

    public IReadOnlyList<DirectoryObjectRef>? RemoteTenants { get; init; }

    /// <summary>
    /// Set when the call comes with an API token: the owner's rights, narrowed to the token's tenant when it has one
    /// (<see cref="AccessPolicy.LevelIn"/>), so a system admin's tenant token acts as that tenant's company admin.
    /// </summary>
    public ApiTokenGrant? Token { get; init; }

    /// <summary>The one tenant a tenant-scoped API token reaches; null otherwise.</summary>
    public ObjectKey? Scope => Token?.Tenant;

    /// <summary>
    /// An operator is a system admin of the portal; a tenant-scoped or tenant-admin token acts at most as company admin.
    /// </summary>
    public AdminLevel Level =>
        (Scope is not null || Token?.Role == ApiTokenRole.TenantAdmin) && OwnLevel == AdminLevel.SystemAdmin ? AdminLevel.CompanyAdmin : OwnLevel;

    /// <summary>A read-only API token's call: it reads what its owner may, and writes nothing (<see cref="AccessPolicy.CanWrite"/>).</summary>
    public bool ReadOnly => Token?.ReadOnly == true;

    /// <summary>The account's own level, before any token narrows it.</summary>
    public AdminLevel OwnLevel => User?.AdminLevel ?? AdminLevel.SystemAdmin;

    /// <summary>Who the audit trail names: the login, and the token when the call came through one.</summary>
    public string AuditName => Token is { } token ? $"{Login} via API token '{token.Name}'" : Login;

    public ObjectKey? Tenant => User?.Tenant;

    public IReadOnlyList<DirectoryObjectRef> AdministeredRemotely => RemoteTenants ?? [];

    /// <summary>The tenants a non-system-admin administers (hosted): their own as company admin, then the remote ones.</summary>
    public IReadOnlyList<ObjectKey> AdministeredTenants => Scope is { } scope ? [scope] :
        (Level == AdminLevel.CompanyAdmin && Tenant is { } own ? [own] : Array.Empty<ObjectKey>())
            .Concat(AdministeredRemotely.Select(t => t.Key)).Distinct().ToList();
}

/// <summary>Who is making the current call; null when nobody is signed in.</summary>
public interface ICurrentActor
{
    /// <summary>The caller; null too while they must first enrol a second factor (<see cref="Services.SecondFactorPolicy.MustEnrollAsync"/>).</summary>
    Task<Actor?> GetAsync(CancellationToken ct);

    /// <summary>The caller even while they must enrol a second factor: only the enrolment may use it.</summary>
    Task<Actor?> GetForEnrollmentAsync(CancellationToken ct) => GetAsync(ct);
}
