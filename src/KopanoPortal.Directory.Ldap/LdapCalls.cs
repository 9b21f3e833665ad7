using System.DirectoryServices.Protocols;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KopanoPortal.Directory.Ldap;

/// <summary>
/// The portal's own clock on every blocking call into libldap. On 64-bit Linux, System.DirectoryServices.Protocols
/// hands <c>ldap_result</c> a timeval of two 32-bit ints where libldap reads two longs, so the wait libldap keeps is
/// whatever lies next on the stack (measured against a stopped slapd: 39 hours), and a bind waits without any limit.
/// When a call outlives the connection's timeout, its socket is shut down: libldap wakes with "server down", the call
/// ends, and the connection is retired, never reused.
/// </summary>
internal static class LdapCalls
{
    /// <summary>How long a call may take to let go of its connection once the socket is shut down.</summary>
    private static readonly TimeSpan ReleaseGrace = TimeSpan.FromSeconds(2);

    /// <summary>Calls still inside libldap on a connection that was given up: it is disposed when they end, not before.</summary>
    private static readonly ConditionalWeakTable<LdapConnection, Task> Abandoned = new();

    public static async Task<T> BoundedAsync<T>(LdapConnection connection, Func<T> call)
    {
        var running = Task.Run(call);
        try
        {
            var answer = await running.WaitAsync(connection.Timeout);
            Answered(connection);
            return answer;
        }
        catch (DirectoryOperationException)
        {
            // A refusal is an answer too: the server read the request.
            Answered(connection);
            throw;
        }
        catch (TimeoutException)
        {
            ShutDownSocket(connection);
            try
            {
                await running.WaitAsync(ReleaseGrace);
            }
            catch (TimeoutException)
            {
                Abandoned.AddOrUpdate(connection, running);
            }
            catch
            {
                // The call failed as libldap saw the socket close; the timeout below is the truer account.
            }
            throw new LdapException(LdapTimeout, $"No answer from the directory server within {connection.Timeout.TotalSeconds:0} seconds.");
        }
    }

    /// <summary>How many requests the server answered (or refused) on each connection.</summary>
    private static readonly ConditionalWeakTable<LdapConnection, StrongBox<long>> Answers = new();

    private static void Answered(LdapConnection connection) =>
        Interlocked.Increment(ref Answers.GetValue(connection, _ => new StrongBox<long>()).Value);

    /// <summary>The number of answers on <paramref name="connection"/> so far: unchanged across a piece of work, the server did none of it.</summary>
    public static long AnswersOn(LdapConnection connection) =>
        Answers.TryGetValue(connection, out var count) ? Interlocked.Read(ref count.Value) : 0;

    /// <summary>Disposes <paramref name="connection"/> once no call of this process is inside libldap with it.</summary>
    public static void Retire(LdapConnection connection)
    {
        if (Abandoned.TryGetValue(connection, out var running) && !running.IsCompleted)
            running.ContinueWith(_ => connection.Dispose(), TaskScheduler.Default);
        else
            connection.Dispose();
    }

    /// <summary>LDAP_TIMEOUT, as libldap reports its own client-side timeout.</summary>
    public const int LdapTimeout = 85;

    private const int LdapOptDesc = 0x0001;

    private static readonly FieldInfo? HandleField =
        typeof(LdapConnection).GetField("_ldapHandle", BindingFlags.Instance | BindingFlags.NonPublic);

    private static readonly Lazy<GetOption?> LdapGetOption = new(LoadGetOption);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int GetOption(nint ld, int option, out int value);

    /// <summary>
    /// libldap's socket of <paramref name="connection"/> (LDAP_OPT_DESC), shut down so that a poll waiting on it
    /// returns. The library exposes neither the LDAP* handle nor the socket, hence the reflection; when either is out
    /// of reach the call is left to end on its own and the connection is still never reused.
    /// </summary>
    private static void ShutDownSocket(LdapConnection connection)
    {
        if (HandleField?.GetValue(connection) is not SafeHandle { IsInvalid: false, IsClosed: false } handle || LdapGetOption.Value is not { } getOption)
            return;
        if (getOption(handle.DangerousGetHandle(), LdapOptDesc, out var descriptor) != 0 || descriptor < 0)
            return;
        using var socket = new Socket(new SafeSocketHandle(descriptor, ownsHandle: false));
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already closed by the other side: libldap has been woken.
        }
    }

    private static GetOption? LoadGetOption()
    {
        foreach (var name in (string[])["libldap.so.2", "libldap-2.5.so.0", "libldap-2.6.so.0", "libldap-2.4.so.2"])
        {
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "ldap_get_option", out var export))
                return Marshal.GetDelegateForFunctionPointer<GetOption>(export);
        }
        return null;
    }
}
