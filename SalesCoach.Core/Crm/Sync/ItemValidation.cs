// Owns mapping CRM items one by one so a bad item is rejected and counted, never half-mapped.
using Microsoft.Extensions.Logging;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Crm.Sync;

/// <summary>
/// Maps one item of a CRM answer; an item that fails validation (<see cref="OutboundResponseException"/>)
/// is left out, logged and counted, so one bad record never stops a pull or lands half-mapped.
/// </summary>
public sealed class ItemValidation(string source, ILogger logger)
{
    public int Rejected { get; private set; }

    public T? Map<T>(Func<T> map) where T : class
    {
        ArgumentNullException.ThrowIfNull(map);
        try
        {
            return map();
        }
        catch (OutboundResponseException e)
        {
            Rejected++;
            logger.LogWarning("{Source} item rejected: {Reason}", source, e.Message);
            return null;
        }
    }
}
