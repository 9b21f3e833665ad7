using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.Core.Services;

/// <summary>
/// The search across every tenant. Only system admins may run it: it reads users of tenants a company or remote admin
/// does not administer, so for them it is refused here, whatever the page shows or hides.
/// </summary>
public sealed class SearchService(IUserDirectory userDirectory, PortalContext context)
{
    public const int MaxTextLength = 256;

    public async Task<Result<UserSearchPage>> SearchUsersAsync(UserSearchQuery query, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || actor.Level != AdminLevel.SystemAdmin)
            return context.Deny(actor, "search users in every tenant", "all tenants");
        if (TextRules.Check(PageRequest.SearchField, Text.N("Search text"), query.Text) is { } invalid)
            return invalid;
        if (query.Text.Length > MaxTextLength)
            return new InvalidInput(PageRequest.SearchField, Text.T("Search text can be at most {0} characters long.", MaxTextLength));
        query = query.Normalized();
        if (query.Text.Length == 0)
            return UserSearchPage.Empty;
        return await userDirectory.SearchUsersAsync(query, ct);
    }
}
