namespace KopanoPortal.Core.Kopano;

/// <summary><c>objectproperty.propname</c> strings of KC's DB plugin (docs/kopano.md, "Property names").</summary>
public static class PropertyNames
{
    public const string ModTime = "modtime";
    public const string LoginName = "loginname";
    public const string Password = "password";
    public const string IsAdmin = "isadmin";
    public const string IsHidden = "ishidden";
    public const string FullName = "fullname";
    public const string EmailAddress = "emailaddress";
    public const string GroupName = "groupname";
    public const string CompanyId = "companyid";
    public const string CompanyName = "companyname";
    public const string CompanyAdmin = "companyadmin";
    public const string HardQuota = "hardquota";
    public const string SoftQuota = "softquota";
    public const string WarnQuota = "warnquota";
    public const string UseDefaultQuota = "usedefaultquota";
    public const string UserHardQuota = "userhardquota";
    public const string UserSoftQuota = "usersoftquota";
    public const string UserWarnQuota = "userwarnquota";
    public const string UserUseDefaultQuota = "userusedefaultquota";
}
