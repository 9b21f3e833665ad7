using System.Runtime.CompilerServices;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Services;

/// <summary>
/// The directory-wide check of group memberships and their conversion (system admins only). Without an
/// <see cref="IMembershipCheck"/> (the DB backend) there is nothing to check, and the page says why.
/// </summary>
public sealed class MembershipCheckService(PortalContext context, IMembershipCheck? check = null)
{
    public const string NotApplicable =
        "The database backend stores each membership as a link between two objects, so every member is exactly one user of the group's tenant. There is nothing to check.";

    public bool IsAvailable => check is not null;

    public MembershipForm? Form => check?.Form;

    /// <summary>Whether the caller may run the check: asking is no refusal, so nothing is logged.</summary>
    public async Task<bool> CanCheckAsync(CancellationToken ct) => IsSystemAdmin(await context.ActorAsync(ct));

    /// <summary>The findings, streamed; a caller who may not run the check gets none and the refusal is logged.</summary>
    public async IAsyncEnumerable<MembershipFinding> FindAsync(IProgress<int>? groupsChecked, [EnumeratorCancellation] CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (check is null)
            yield break;
        if (!IsSystemAdmin(actor))
        {
            context.Deny(actor, "check memberships", "directory");
            yield break;
        }
        await foreach (var finding in check.FindAsync(groupsChecked, ct))
            yield return finding;
    }

    /// <summary>Converts the groups of the convertible findings, one audited modify per group; stops at the first failure.</summary>
    public async Task<Result<int>> ConvertAsync(IReadOnlyList<MembershipFinding> findings, IProgress<int>? groupsDone, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        // The caller first: whoever may not convert learns nothing about the backend, and the refusal is logged.
        // A read-only token is refused here too, not only at the first group's audit record: an empty list writes nothing.
        if (!IsSystemAdmin(actor) || !context.Policy.CanWrite(actor))
            return context.Deny(actor, "convert memberships", "directory");
        if (check is null)
            return new Forbidden(Text.T(NotApplicable));
        var converted = 0;
        var done = 0;
        foreach (var group in findings.Where(f => f.CanConvert).GroupBy(f => f.Group))
        {
            var first = group.First();
            var audit = context.Audit(actor, first.Tenant, first.TenantName, "group.membership-convert", first.GroupName,
                new { Values = group.Select(f => f.Problem.Value) }, new { Values = group.Select(f => f.ConvertedValue) });
            var result = await check.ConvertGroupAsync(first.Group, audit, ct);
            if (!result.Succeeded)
                return result.Error!;
            converted += result.Value;
            groupsDone?.Report(++done);
        }
        return converted;
    }

    private static bool IsSystemAdmin(Core.Security.Actor? actor) => actor?.Level == AdminLevel.SystemAdmin;
}
