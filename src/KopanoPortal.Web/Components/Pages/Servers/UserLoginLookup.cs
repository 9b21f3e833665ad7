using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using Microsoft.Extensions.Localization;

namespace KopanoPortal.Web.Components.Pages.Servers;

/// <summary>A user the admin named by login, with the login as KC forms it.</summary>
public sealed record NamedUser(ObjectKey Key, string Login);

/// <summary>
/// Finds users by their KC login (<c>mary@exampleorg</c> in hosted mode) through the tenant and user services, so the
/// caller's rights apply as on the user pages.
/// </summary>
public sealed class UserLoginLookup(UserService users, TenantService tenants, LoginNameFormat format, IStringLocalizer<UserLoginLookup> L)
{
    /// <summary>The user, or <see cref="InvalidInput"/> on <paramref name="field"/> when no user has that login.</summary>
    public async Task<Result<NamedUser>> FindAsync(string login, string field, CancellationToken ct)
    {
        login = login.Trim();
        if (login.Length == 0)
            return new InvalidInput(field, L["Enter a login."]);
        var parsed = format.Parse(login);
        if (parsed.Outcome != LoginParseOutcome.Parsed)
            return new InvalidInput(field, L["'{0}' is not a login of the form {1}.", login, format.Format]);

        ObjectKey? tenant = null;
        string? tenantName = null;
        if (parsed.Company is { } company)
        {
            var found = await tenants.PageAsync(new PageRequest(0, PageRequest.MaxCount, company), ct);
            if (!found.Succeeded)
                return found.Error!;
            var match = found.Value!.Items.FirstOrDefault(t => t.Name.Equals(company, StringComparison.OrdinalIgnoreCase));
            if (match is null)
                return new InvalidInput(field, L["There is no user '{0}'.", login]);
            (tenant, tenantName) = (match.Key, match.Name);
        }
        var page = await users.PageAsync(tenant, new PageRequest(0, PageRequest.MaxCount, parsed.Name), ct);
        if (!page.Succeeded)
            return page.Error!;
        var user = page.Value!.Items.FirstOrDefault(u => u.Name.Equals(parsed.Name, StringComparison.OrdinalIgnoreCase));
        return user is null
            ? new InvalidInput(field, L["There is no user '{0}'.", login])
            : new NamedUser(user.Key, format.Render(user.Name, tenantName));
    }

    /// <summary>Every login of a list (commas, spaces or new lines between them); the first unknown one is the error.</summary>
    public async Task<Result<IReadOnlyList<NamedUser>>> FindAllAsync(string logins, string field, CancellationToken ct)
    {
        var names = logins.Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
            return new InvalidInput(field, L["Enter at least one login."]);
        var found = new List<NamedUser>();
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var user = await FindAsync(name, field, ct);
            if (!user.Succeeded)
                return user.Error!;
            found.Add(user.Value!);
        }
        return Result<IReadOnlyList<NamedUser>>.From(found);
    }
}
