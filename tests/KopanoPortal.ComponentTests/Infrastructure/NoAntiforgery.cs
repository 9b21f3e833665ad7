using Microsoft.AspNetCore.Components.Forms;

namespace KopanoPortal.ComponentTests.Infrastructure;

/// <summary>The layout's sign-out form asks for a token; component tests have no request to take one from.</summary>
internal sealed class NoAntiforgery : AntiforgeryStateProvider
{
    public override AntiforgeryRequestToken? GetAntiforgeryToken() => null;
}
