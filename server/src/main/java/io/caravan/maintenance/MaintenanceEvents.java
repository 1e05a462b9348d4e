package io.caravan.maintenance;

/**
 * Where maintenance events go besides the log: the hook for an events list (e.g. the status page's). Called on the
 * thread that did the action, so an implementation must not block.
 */
public interface MaintenanceEvents {

    void publish(MaintenanceEvent event);

    /** No listener: the log line is the record. */
    static MaintenanceEvents none() {
        return event -> { };
    }
}
