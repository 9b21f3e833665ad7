using KopanoPortal.Core.Kopano;

namespace KopanoPortal.Core.Model;

// The inputs of the admin forms. Pages bind to them; services validate them again with the same validators.

public sealed class TenantForm
{
    public string Name { get; set; } = "";

    /// <summary>Multi-server, hosted: the node for the tenant's public store on create; null picks the only node.</summary>
    public string? PublicStoreServer { get; set; }
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

    /// <summary>On create with multi-server: the user's home server; null takes the tenant's default or the only node.</summary>
    public string? HomeServer { get; set; }

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

/// <summary>A password an admin sets for someone else: the new one twice.</summary>
public class PasswordForm
{
    public string? Password { get; set; }

    public string? Confirmation { get; set; }
}

/// <summary>Changing one's own password: the current one proves it is really its owner at the keyboard.</summary>
public sealed class OwnPasswordForm : PasswordForm
{
    public string? CurrentPassword { get; set; }
}

/// <summary>The name a passkey is listed under, e.g. the device it is on.</summary>
public sealed class PasskeyForm
{
    public string Name { get; set; } = "";
}

/// <summary>
/// A quota as the admin types it: each level is text read by <see cref="QuotaSize.Parse"/> (a plain number is MB;
/// MB, GB and TB with decimals; 0 = unlimited). The validator and <see cref="ToQuota"/> read the same text with the same
/// parser, so what is stored is what the field showed.
/// </summary>
public sealed class QuotaForm
{
    public bool Override { get; set; }

    public string Warn { get; set; } = "0";

    public string Soft { get; set; } = "0";

    public string Hard { get; set; } = "0";

    /// <summary>The levels as read; only valid forms (see QuotaFormValidator) are stored.</summary>
    public Quota ToQuota() => new(Override, Mb(Warn), Mb(Soft), Mb(Hard));

    public static QuotaForm From(Quota quota) => new()
    {
        Override = quota.Override,
        Warn = QuotaSize.Format(quota.WarnMb),
        Soft = QuotaSize.Format(quota.SoftMb),
        Hard = QuotaSize.Format(quota.HardMb),
    };

    private static long Mb(string text) =>
        QuotaSize.Parse(text, "Level") is { IsValid: true } parsed
            ? parsed.Mb
            : throw new InvalidOperationException("A quota form is stored only after it was validated.");
}
