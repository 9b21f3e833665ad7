using System.Text.Json.Serialization;
using KopanoPortal.Core.Import;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;

namespace KopanoPortal.Web.Api;

/// <summary>One page of a list; <c>next</c> is the link to the following page, absent on the last.</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, int Total, int Offset, int Limit, string? Next);

public sealed record ApiTenant(string Id, string Name, int UserCount)
{
    public static ApiTenant From(TenantSummary t) => new(t.Key.Value, t.Name, t.UserCount);
}

public sealed record ApiTenantDetails(string Id, string Name, int UserCount, int GroupCount)
{
    public static ApiTenantDetails From(TenantDetails t) => new(t.Key.Value, t.Name, t.UserCount, t.GroupCount);
}

public sealed record ApiNewTenant(string? Name) : IApiRequestBody;

/// <summary>The new values of a tenant (<c>PATCH /tenants/{id}</c>): its name.</summary>
public sealed record ApiTenantChange(string? Name);

public sealed record ApiUser(
    string Id,
    string? TenantId,
    string Name,
    string FullName,
    string Email,
    [property: JsonConverter(typeof(JsonStringEnumConverter<AdminLevel>))] AdminLevel AdminLevel,
    bool IsActive)
{
    public static ApiUser From(UserSummary u) => new(u.Key.Value, u.Tenant?.Value, u.Name, u.FullName, u.Email, u.AdminLevel, u.IsActive);
}

/// <summary>A user as <c>GET /users/{id}</c> shows them: with the login and the version an update may name.</summary>
public sealed record ApiUserDetails(
    string Id,
    string? TenantId,
    string? TenantName,
    string Name,
    string FullName,
    string Email,
    [property: JsonConverter(typeof(JsonStringEnumConverter<AdminLevel>))] AdminLevel AdminLevel,
    bool IsActive,
    IReadOnlyList<string> Groups,
    string? Version)
{
    public static ApiUserDetails From(UserDetails d) => new(d.User.Key.Value, d.User.Tenant?.Value, d.TenantName, d.User.Name, d.User.FullName,
        d.User.Email, d.User.AdminLevel, d.User.IsActive, d.Groups.Select(g => g.Name).ToList(), d.Version);
}

/// <summary>A new user, or the new values of one (the password only on create; an update leaves it as it is).</summary>
public sealed record ApiUserInput(
    string? Name,
    string? FullName,
    string? Email,
    string? Password,
    bool? IsActive,
    [property: JsonConverter(typeof(JsonStringEnumConverter<AdminLevel>))] AdminLevel? AdminLevel,
    string? Version) : IApiRequestBody
{
    public UserForm ToForm(bool isNew) => new()
    {
        IsNew = isNew,
        Name = Name ?? "",
        FullName = FullName ?? "",
        Email = Email ?? "",
        Password = isNew ? Password : null,
        IsActive = IsActive ?? true,
        AdminLevel = AdminLevel ?? KopanoPortal.Core.Kopano.AdminLevel.None,
        Version = Version,
    };
}

public sealed record ApiGroup(string Id, string? TenantId, string Name, string Email, int MemberCount)
{
    public static ApiGroup From(GroupSummary g) => new(g.Key.Value, g.Tenant?.Value, g.Name, g.Email, g.MemberCount);
}

public sealed record ApiGroupDetails(string Id, string? TenantId, string? TenantName, string Name, string Email, int MemberCount)
{
    public static ApiGroupDetails From(GroupDetails d) =>
        new(d.Group.Key.Value, d.Group.Tenant?.Value, d.TenantName, d.Group.Name, d.Group.Email, d.Members.Count);
}

public sealed record ApiNewGroup(string? Name, string? Email) : IApiRequestBody;

/// <summary>A member of a group: a user, or a group inside it.</summary>
public sealed record ApiMember(string Id, string Name, bool IsGroup)
{
    public static ApiMember From(MemberRef m) => new(m.Key.Value, m.Name, m.IsGroup);
}

public sealed record ApiNewMember(string? UserId);

/// <summary>Quota levels in MB; 0 is unlimited. <c>override</c>: these levels apply instead of the defaults.</summary>
public sealed record ApiQuota(bool Override, long WarnMb, long SoftMb, long HardMb)
{
    public static ApiQuota From(Quota q) => new(q.Override, q.WarnMb, q.SoftMb, q.HardMb);

    public QuotaForm ToForm() => new()
    {
        Override = Override, Warn = QuotaSize.Format(WarnMb), Soft = QuotaSize.Format(SoftMb), Hard = QuotaSize.Format(HardMb),
    };
}

/// <summary>A user's own quota and the levels kopano-server applies (with where each comes from).</summary>
public sealed record ApiUserQuota(bool Override, long WarnMb, long SoftMb, long HardMb, ApiEffectiveQuota? Effective);

public sealed record ApiEffectiveQuota(ApiQuotaLevel Warn, ApiQuotaLevel Soft, ApiQuotaLevel Hard)
{
    public static ApiEffectiveQuota From(EffectiveQuota e) => new(ApiQuotaLevel.From(e.Warn), ApiQuotaLevel.From(e.Soft), ApiQuotaLevel.From(e.Hard));
}

public sealed record ApiQuotaLevel(long Mb, [property: JsonConverter(typeof(JsonStringEnumConverter<QuotaSource>))] QuotaSource Source)
{
    public static ApiQuotaLevel From(QuotaLevel l) => new(l.Mb, l.Source);
}

/// <summary>A tenant's own quota (KC applies only its warning level to a company) and the default quota of its users.</summary>
public sealed record ApiTenantQuota(ApiTenantOwnQuota Tenant, ApiQuota UserDefault)
{
    public static ApiTenantQuota From(TenantQuotas q) => new(new ApiTenantOwnQuota(q.Tenant.Override, q.Tenant.WarnMb), ApiQuota.From(q.UserDefault));
}

public sealed record ApiTenantOwnQuota(bool Override, long WarnMb);

/// <summary>An object a list names: a tenant (name), a user (login) or a group (name).</summary>
public sealed record ApiObjectRef(string Id, [property: JsonConverter(typeof(JsonStringEnumConverter<DirectoryObjectKind>))] DirectoryObjectKind Kind, string Name, string? TenantId)
{
    public static ApiObjectRef From(DirectoryObjectRef r, Func<DirectoryObjectRef, string> name) => new(r.Key.Value, r.Kind, name(r), r.Tenant?.Value);
}

public sealed record ApiRemoteAdmin(string Id, string Login, string? TenantId, bool TenantCanView);

/// <summary>Who else may see the tenant (view-list), administer it (admin-list), and hear about its quotas.</summary>
public sealed record ApiTenantPrivileges(
    IReadOnlyList<ApiObjectRef> Viewers,
    IReadOnlyList<ApiRemoteAdmin> RemoteAdmins,
    ApiObjectRef? SystemAdminContact,
    IReadOnlyList<ApiObjectRef> UserQuotaRecipients,
    IReadOnlyList<ApiObjectRef> TenantQuotaRecipients);

/// <summary>A tenant to add to the view-list, by name.</summary>
public sealed record ApiNewViewer(string? Tenant);

/// <summary>A user of another tenant to add to the admin-list, by login; <c>alsoLetTheirTenantView</c> adds what KC needs to honour it.</summary>
public sealed record ApiNewRemoteAdmin(string? Login, bool? AlsoLetTheirTenantView);

/// <summary>A user or group of the owner's tenant, by name, who may send as the owner.</summary>
public sealed record ApiNewDelegate(string? Name);

public sealed record ApiFeature(string Name, bool Enabled, bool DefaultEnabled)
{
    public static ApiFeature From(FeatureState f) => new(f.Name, f.Enabled, f.DefaultEnabled);
}

/// <summary>The features to turn on; every other feature is turned off.</summary>
public sealed record ApiFeatureChange(IReadOnlyList<string>? Enabled);

public sealed record ApiAuditRecord(long Id, DateTimeOffset At, string Actor, string? TenantName, string Action, string Target, string? Before, string? After)
{
    public static ApiAuditRecord From(AuditRecord r) => new(r.Id, r.At, r.Actor, r.TenantName, r.Action, r.Target, r.Before, r.After);
}

public sealed record ApiServer(string Name, string Address, int HttpPort, int? SslPort, string? FilePath, bool ContainsPublic, string? ProxyUrl, int UserCount, int TenantCount)
{
    public static ApiServer From(ServerNode n, int users, int tenants) =>
        new(n.Name, n.Address, n.HttpPort, n.SslPort, n.FilePath, n.ContainsPublic, n.ProxyUrl, users, tenants);
}

/// <summary>A server node with the logins of the users and the names of the tenants it homes.</summary>
public sealed record ApiServerDetails(ApiServer Server, IReadOnlyList<string> Users, IReadOnlyList<string> Tenants);

/// <summary>What an import did (<c>applied</c>) or would do, row by row, with the counts of each outcome.</summary>
public sealed record ApiImportReport(bool Applied, int Create, int Update, int Unchanged, int Error, IReadOnlyList<ApiImportRow> Rows)
{
    public static ApiImportReport From(ImportReport report, bool applied) => new(
        applied,
        report.Count(ImportOutcome.Create),
        report.Count(ImportOutcome.Update),
        report.Count(ImportOutcome.Unchanged),
        report.Count(ImportOutcome.Error),
        report.Rows.Select(r => new ApiImportRow(r.Line, r.Login, r.Outcome.ToString().ToLowerInvariant(), r.Changes, r.Errors, r.GeneratedPassword)).ToList());
}

/// <summary>One row: its line in the file, the login it names, <c>create</c>/<c>update</c>/<c>unchanged</c>/<c>error</c>, the changes in words, the errors by column, and a generated password (shown once).</summary>
public sealed record ApiImportRow(int Line, string Login, string Outcome, IReadOnlyList<string> Changes, IReadOnlyDictionary<string, string> Errors, string? GeneratedPassword);
