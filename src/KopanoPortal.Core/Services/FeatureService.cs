using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Core.Services;

/// <summary>
/// Per-user features (imap, pop3, mobile, outlook, webapp) against the server's <c>disabled_features</c> default,
/// stored as KC stores them: only the deviations (docs/kopano.md, "Multi-valued properties and features"; <see cref="KopanoFeatures"/>).
/// </summary>
public sealed class FeatureService(IUserDirectory userDirectory, PortalContext context, IOptions<KopanoOptions> server)
{
    public const string FeaturesField = "Features";

    public IReadOnlyList<string> ServerDisabled => server.Value.DisabledFeatureList;

    public async Task<Result<IReadOnlyList<FeatureState>>> GetAsync(ObjectKey user, CancellationToken ct)
    {
        var access = await context.VisibleUserAsync(user, "read features", ct);
        if (!access.Succeeded)
            return access.Error!;
        var stored = await userDirectory.GetUserFeaturesAsync(user, ct);
        if (stored is null)
            return new NotFound("The user");
        return Result<IReadOnlyList<FeatureState>>.From(KopanoFeatures.Resolve(stored, ServerDisabled));
    }

    /// <summary>Turns exactly <paramref name="enabled"/> on for the user; the rest off.</summary>
    public async Task<Result> SetAsync(ObjectKey user, IReadOnlyCollection<string> enabled, CancellationToken ct)
    {
        var access = await context.ManageableUserAsync(user, "set features", ct);
        if (!access.Succeeded)
            return access.Error!;
        var unknown = enabled.Where(f => !KopanoFeatures.IsKnown(f)).ToList();
        if (unknown.Count > 0)
            return new InvalidInput(FeaturesField, Text.T("'{0}' is not a kopano feature ({1}).", unknown[0], string.Join(" ", KopanoFeatures.All)));
        var (actor, details) = access.Value!;
        var before = await userDirectory.GetUserFeaturesAsync(user, ct);
        if (before is null)
            return new NotFound("The user");
        var stored = KopanoFeatures.ToStored(enabled, ServerDisabled);
        var audit = context.Audit(actor, details.User.Tenant, details.TenantName, "user.features",
            context.LoginFormat.Render(details.User.Name, details.TenantName), before, stored);
        if (SameFeatures(stored.Enabled, before.Enabled) && SameFeatures(stored.Disabled, before.Disabled))
            return Result.NothingChanged;
        return await userDirectory.SetUserFeaturesAsync(user, stored, audit, ct);
    }

    /// <summary>KC reads the lists as sets of names, compared as it compares feature names (case-insensitively).</summary>
    private static bool SameFeatures(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        new HashSet<string>(a, StringComparer.OrdinalIgnoreCase).SetEquals(b);
}
