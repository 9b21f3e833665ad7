using System.Net;
using System.Net.Sockets;
using FluentValidation;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.Core.Servers;

/// <summary>
/// A node KC can use (docs/kopano.md, "Node entries and paths"): a name that is also a plain server.cfg value, the address and HTTP port
/// KC refuses to do without, ports 1–65535, an absolute socket path and an absolute http(s) proxy URL.
/// </summary>
public sealed class ServerNodeFormValidator : AbstractValidator<ServerNodeForm>
{
    public const int MaxNameLength = 64;
    public const int MaxAddressLength = 253;

    public ServerNodeFormValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(n => n.Name)
            .NoControlCharacters("Server name")
            .NotEmpty().WithMessage("Server name is required.")
            .MaximumLength(MaxNameLength).WithMessage($"Server name must be at most {MaxNameLength} characters.")
            // It is the entry's cn, server.cfg's server_name and every user's kopanoUserServer: a plain token keeps all three literal.
            .Must(IsNameToken).WithMessage("Server name may contain only letters, digits, '.', '-' and '_' (it is the node's cn and its server.cfg server_name).");
        RuleFor(n => n.Address)
            .NoControlCharacters("Address")
            .NotEmpty().WithMessage("Address is required: KC refuses a node without it (\"obligatory address missing\").")
            .MaximumLength(MaxAddressLength).WithMessage($"Address must be at most {MaxAddressLength} characters.")
            .Must(a => !IsIpv6(a)).WithMessage("Use a host name, not an IPv6 address: KC writes the address into http://<address>:<port>/ without brackets.")
            .Must(IsHostOrIpv4).WithMessage("Enter a host name (FQDN recommended) or IPv4 address, without scheme, port or path.");
        RuleFor(n => n.HttpPort)
            .NotNull().WithMessage("HTTP port is required: KC refuses a node without it (\"obligatory http port missing\").")
            .InclusiveBetween(1, 65535).WithMessage("HTTP port must be between 1 and 65535.");
        RuleFor(n => n.SslPort)
            .InclusiveBetween(1, 65535).When(n => n.SslPort is not null).WithMessage("SSL port must be between 1 and 65535 (leave it empty for none).");
        RuleFor(n => n.FilePath)
            .NoControlCharacters("File path")
            .Must(p => p!.Trim().StartsWith('/')).WithMessage("File path must be absolute, like /var/run/kopano/server.sock.")
            .Must(p => !p!.Trim().Any(char.IsWhiteSpace) && NameRules.IsPrintable(p)).WithMessage("File path must not contain spaces or control characters.")
            .When(n => !string.IsNullOrWhiteSpace(n.FilePath));
        RuleFor(n => n.ProxyUrl)
            .NoControlCharacters("Proxy URL")
            .Must(IsAbsoluteHttpUrl!).WithMessage("Proxy URL must be an absolute http:// or https:// URL, like https://zproxy.example.com:237/z1.")
            .When(n => !string.IsNullOrWhiteSpace(n.ProxyUrl));
    }

    private static bool IsNameToken(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private static bool IsIpv6(string address) =>
        IPAddress.TryParse(address.Trim().Trim('[', ']'), out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;

    private static bool IsHostOrIpv4(string address) =>
        address == address.Trim() && Uri.CheckHostName(address) is UriHostNameType.Dns or UriHostNameType.IPv4;

    private static bool IsAbsoluteHttpUrl(string url)
    {
        var trimmed = url.Trim();
        return !trimmed.Any(char.IsWhiteSpace)
            && Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && uri.Host.Length > 0
            && trimmed.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase);
    }
}
