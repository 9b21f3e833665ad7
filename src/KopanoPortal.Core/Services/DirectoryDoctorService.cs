using System.Runtime.CompilerServices;
using System.Text.Json;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Doctor;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Core.Services;

/// <summary>
/// The directory check (system admins, or the operator at the portal's console): every finding of the backend's
/// <see cref="IDirectoryDoctor"/>, plus, with LDAP, the group memberships KC resolves to several or foreign users.
/// Only the safe repairs are applied, one object per transaction, each with an audit record.
/// </summary>
public sealed class DirectoryDoctorService(
    PortalContext context,
    IOptions<KopanoOptions> options,
    TimeProvider clock,
    IDirectoryDoctor? doctor = null,
    IMembershipCheck? memberships = null,
    Servers.IServerNodes? nodes = null,
    Servers.ITenantDefaultServers? defaultServers = null)
{
    public const string ConsoleActor = AdminRecoveryService.Actor;

    /// <summary>Node entries exist only with LDAP; KC's DB plugin refuses multi-server.</summary>
    private Servers.IServerNodes? Nodes => options.Value.UserPlugin.Equals("db", StringComparison.OrdinalIgnoreCase) ? null : nodes;

    /// <summary>Whether the caller may run the check: asking is no refusal, so nothing is logged.</summary>
    public async Task<bool> CanCheckAsync(CancellationToken ct) => (await context.ActorAsync(ct))?.Level == AdminLevel.SystemAdmin;

    /// <summary>The findings, streamed; a caller who may not run the check gets none and the refusal is logged.</summary>
    public async IAsyncEnumerable<DoctorFinding> CheckAsync(IProgress<DoctorProgress>? progress, [EnumeratorCancellation] CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor?.Level != AdminLevel.SystemAdmin)
        {
            context.Deny(actor, "check the directory", "directory");
            yield break;
        }
        await foreach (var finding in FindAsync(progress, ct))
            yield return finding;
    }

    /// <summary>The same check for whoever runs the portal's executable on its host (the <c>doctor</c> command).</summary>
    public IAsyncEnumerable<DoctorFinding> CheckFromConsoleAsync(IProgress<DoctorProgress>? progress, CancellationToken ct) => FindAsync(progress, ct);

    public async Task<Result<IReadOnlyList<string>>> RepairAsync(DoctorFinding finding, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        // Its audit record is made here, not by PortalContext.Audit, so a read-only token is stopped here.
        if (actor?.Level != AdminLevel.SystemAdmin || !context.Policy.CanWrite(actor))
            return context.Deny(actor, "repair the directory", finding.ObjectName);
        return await ApplyAsync(finding, actor.Login, ct);
    }

    public Task<Result<IReadOnlyList<string>>> RepairFromConsoleAsync(DoctorFinding finding, CancellationToken ct) => ApplyAsync(finding, ConsoleActor, ct);

    private async Task<Result<IReadOnlyList<string>>> ApplyAsync(DoctorFinding finding, string actor, CancellationToken ct)
    {
        if (finding.Repair is not { } repair || doctor is null)
            return new InvalidInput("Repair", Text.T("This finding needs a person's choice; there is no automatic repair for it."));
        var audit = new AuditEntry(clock.GetUtcNow(), actor, null, finding.TenantName, "directory.repair", $"{finding.ObjectKind} {finding.ObjectName}",
            JsonSerializer.Serialize(new { Rule = finding.Rule.ToString(), finding.Problem }),
            JsonSerializer.Serialize(new { repair.Summary, repair.Changes }));
        return await doctor.RepairAsync(repair, audit, ct);
    }

    private async IAsyncEnumerable<DoctorFinding> FindAsync(IProgress<DoctorProgress>? progress, [EnumeratorCancellation] CancellationToken ct)
    {
        var servers = Nodes is null ? [] : await Nodes.ListAsync(ct);
        var scope = new DoctorScope(options.Value.EnableHostedKopano, options.Value.EnableDistributedKopano, options.Value.LoginNameFormat,
            servers.Select(s => s.Name).ToList(),
            defaultServers is null ? null : async (tenant, token) => tenant is { } key ? await defaultServers.GetAsync(key, token) : null);
        if (doctor is not null)
        {
            await foreach (var finding in doctor.CheckAsync(scope, progress, ct))
                yield return finding;
        }
        foreach (var node in servers.Where(n => n.Address.Length == 0 || n.HttpPort <= 0))
            yield return ServerFindings.IncompleteServer(node.Name, node.Address.Length == 0, node.HttpPort <= 0);
        if (!options.Value.EnableHostedKopano && servers.Count(n => n.ContainsPublic) > 1)
            yield return ServerFindings.SeveralPublicStores(servers.Where(n => n.ContainsPublic).Select(n => n.Name).ToList());
        if (memberships is null)
            yield break;
        progress?.Report(new DoctorProgress(Text.T("group memberships as KC resolves them"), 0, 0, 0));
        await foreach (var finding in memberships.FindAsync(null, ct))
            yield return FromMembership(finding);
    }

    /// <summary>The Memberships page's finding in the check's words; its conversion stays on that page.</summary>
    private static DoctorFinding FromMembership(MembershipFinding finding)
    {
        var kc = finding.Problem.NamesNobody
            ? Text.T("KC resolves it to nobody and ignores it.")
            : Text.T("KC makes {0} members of the group.", string.Join(", ", finding.Problem.KcMembers.Select(m => m.TenantName is null ? m.Name : Text.T("{0} (tenant {1})", m.Name, m.TenantName))));
        IReadOnlyList<string> choices = finding.CanConvert
            ? [Text.T("Convert it to the value that names {0} only, on the Memberships page.", finding.MeantFor!.Name)]
            : [Text.T("Remove it, or add the member again, on the group's page.")];
        return new DoctorFinding(DoctorRule.AmbiguousMembership, "group", finding.GroupName, finding.TenantName,
            Text.T("Its stored member '{0}' does not name exactly one user of the group's tenant.", finding.Problem.Value), kc, null, choices);
    }
}
