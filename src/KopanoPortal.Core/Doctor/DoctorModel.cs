using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Doctor;

/// <summary>The kinds of problem the directory check looks for, each a rule KC applies to what it reads.</summary>
public enum DoctorRule
{
    OutsideEveryTenant,
    RewrittenName,
    DuplicateName,
    DanglingReference,
    UnreadableQuota,
    QuotaOrder,
    UnknownAdminLevel,
    UnknownFeature,
    MissingModTime,
    ObjectWithoutProperties,
    RepeatedUniqueAttribute,
    AmbiguousMembership,
    NoHomeServer,
    UnknownServer,
    IncompleteServer,
    SeveralPublicStores,
}

/// <summary>
/// One problem: the object (<paramref name="ObjectName"/>, of kind <paramref name="ObjectKind"/>, in
/// <paramref name="TenantName"/>), what is wrong with it, what KC does with it, and either a safe repair or the
/// choices a person has to make (<paramref name="Choices"/>).
/// </summary>
public sealed record DoctorFinding(
    DoctorRule Rule,
    string ObjectKind,
    string ObjectName,
    string? TenantName,
    string Problem,
    string KcBehaviour,
    DoctorRepair? Repair,
    IReadOnlyList<string> Choices)
{
    /// <summary>The one-line form the command prints.</summary>
    public string Line =>
        $"{ObjectKind} {ObjectName}{(TenantName is null ? "" : $" (tenant {TenantName})")}: {Problem} {KcBehaviour}";
}

/// <summary>
/// A safe repair: what it does in words, the exact rows or attributes that change, and an adapter's own token
/// naming the change (checked again when it is applied, in one transaction for the one object it changes).
/// </summary>
public sealed record DoctorRepair(string Summary, IReadOnlyList<string> Changes, string Token);

/// <summary>Where a running check is: the step it is on (of <paramref name="Steps"/>) and how many objects it has read.</summary>
public sealed record DoctorProgress(string Step, int StepNumber, int Steps, long ObjectsChecked);

/// <summary>
/// The settings of kopano-server the rules depend on; with multi-server, the node names (<paramref name="Servers"/>)
/// and the home server a new user of a tenant gets (<paramref name="DefaultServer"/>), which a repair may assign.
/// </summary>
public sealed record DoctorScope(
    bool Hosted,
    bool Distributed,
    string LoginNameFormat,
    IReadOnlyList<string>? Servers = null,
    Func<ObjectKey?, CancellationToken, Task<string?>>? DefaultServer = null);

/// <summary>
/// The directory-wide check and its safe repairs, one implementation per backend. It reads set-wise or page by page
/// and never holds the whole directory; it writes only in <see cref="RepairAsync"/>.
/// </summary>
public interface IDirectoryDoctor
{
    /// <summary>Every finding, streamed as found.</summary>
    IAsyncEnumerable<DoctorFinding> CheckAsync(DoctorScope scope, IProgress<DoctorProgress>? progress, CancellationToken ct);

    /// <summary>
    /// Applies one repair with its audit record, after checking that the problem is still there. Returns the changes
    /// made (empty when the problem had gone meanwhile).
    /// </summary>
    Task<Result<IReadOnlyList<string>>> RepairAsync(DoctorRepair repair, AuditEntry audit, CancellationToken ct);
}
