using System.Text.Json.Serialization;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

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

public sealed record ApiNewTenant(string? Name);

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
    string? Version)
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
