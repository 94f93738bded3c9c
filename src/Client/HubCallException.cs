using Hybrid.Protocol;

namespace Hybrid.Client;

/// <summary>The hub refused or failed a call with a stable code (<see cref="ErrorCodes"/>).</summary>
public sealed class HubCallException : Exception
{
    /// <summary>Creates the exception for a failed <paramref name="operation"/>.</summary>
    public HubCallException(string operation, string code, string text, Exception? inner = null)
        : base($"{operation} failed: {code}: {text}", inner)
    {
        Operation = operation;
        Code = code;
        Text = text;
    }

    /// <summary>The hub method that failed (<see cref="HubNames"/>).</summary>
    public string Operation { get; }

    /// <summary>The server's stable error code, or <see cref="HubErrorParser.UnknownCode"/>.</summary>
    public string Code { get; }

    /// <summary>The server's text for people, without the code.</summary>
    public string Text { get; }

    /// <summary>True when the session is intact on the server and only needs <c>StartSession</c> with its id.</summary>
    public bool RequiresResume => Code is ErrorCodes.ResumeRequired or ErrorCodes.SessionEnded;
}
