using KopanoPortal.Core.Kopano;

namespace KopanoPortal.Core.Model;

// The inputs of the admin forms. Pages bind to them; services validate them again with the same validators.

public sealed class TenantForm
{
    public string Name { get; set; } = "";
}

public sealed class UserForm
{
    /// <summary>True on create: an active user then needs a password.</summary>
    public bool IsNew { get; set; } = true;

    public string Name { get; set; } = "";

    public string FullName { get; set; } = "";

    public string Email { get; set; } = "";

    public string? Password { get; set; }

    public bool IsActive { get; set; } = true;

    public AdminLevel AdminLevel { get; set; }

    /// <summary>The <see cref="UserDetails.Version"/> the form was filled from; null: save whatever is stored now.</summary>
    public string? Version { get; set; }

    /// <summary>The form for editing: the user's values and the version they belong to.</summary>
    public static UserForm From(UserDetails details)
    {
        var form = From(details.User);
        form.Version = details.Version;
        return form;
    }

    public static UserForm From(UserSummary user) => new()
    {
        IsNew = false,
        Name = user.Name,
        FullName = user.FullName,
        Email = user.Email,
        IsActive = user.IsActive,
        AdminLevel = user.AdminLevel,
    };
}

public sealed class GroupForm
{
    public string Name { get; set; } = "";

    public string Email { get; set; } = "";
}

public sealed class PasswordForm
{
    /// <summary>Asked only when users change their own password.</summary>
    public string? CurrentPassword { get; set; }

    public string? Password { get; set; }

    public string? Confirmation { get; set; }
}

/// <summary>A quota as the admin enters it: whole MB, 0 = unlimited (not set).</summary>
public sealed class QuotaForm
{
    public bool Override { get; set; }

    public long WarnMb { get; set; }

    public long SoftMb { get; set; }

    public long HardMb { get; set; }

    public Quota ToQuota() => new(Override, WarnMb, SoftMb, HardMb);

    public static QuotaForm From(Quota quota) => new()
    {
        Override = quota.Override,
        WarnMb = quota.WarnMb,
        SoftMb = quota.SoftMb,
        HardMb = quota.HardMb,
    };
}
