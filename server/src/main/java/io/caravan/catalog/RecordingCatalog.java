package io.caravan.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

/**
 * The recordings catalog: recordings with their formats and metadata, in a {@link CatalogDatabase}, by plain JDBC.
 * Every operation is one transaction.
 *
 * <p>Several instances may write one database at once. An upsert updates the recording's row first and inserts it
 * only when there was none; when two instances insert the same new recording, the primary key refuses the second,
 * which retries and then finds the row to update. The same SQL runs on H2 and PostgreSQL (each has its own upsert
 * syntax, H2's MERGE and PostgreSQL's ON CONFLICT, and neither takes the other's). Every writing transaction locks
 * the recording's row before its formats and metadata, so two never wait for each other in a cycle.
 */
public final class RecordingCatalog {

    /** recordIDs per IN list: well below what PostgreSQL and H2 accept in one statement. */
    private static final int IN_CHUNK = 500;

    // a conflict needs one retry; more cover a burst of writers on one recording
    private static final int ATTEMPTS = 5;
    /** Unique key violated (both); serialization failure (both); PostgreSQL deadlock; H2 lock timeout, H2 concurrent update. */
    private static final Set<String> RETRYABLE = Set.of("23505", "40001", "40P01", "HYT00", "90131");

    private static final String COLUMNS = "r.record_id, r.meeting_id, r.internal_meeting_id, r.tenant, r.name,"
            + " r.state, r.is_protected, r.start_time, r.end_time, r.participants, r.raw_size_bytes, r.origin_node,"
            + " r.import_status, r.import_reason, r.import_attempts, r.import_time, r.created_at, r.updated_at";

    /** {@link #ended}, in SQL. */
    private static final String ENDED = "(CASE WHEN r.end_time > 0 THEN r.end_time ELSE r.start_time END)";

    private final DataSource dataSource;
    private final Clock clock;

    public RecordingCatalog(CatalogDatabase database, Clock clock) {
        this.dataSource = database.dataSource();
        this.clock = clock;
    }

    // ---- writes ---------------------------------------------------------------------------------------------------

    /**
     * Writes the recording, replacing its formats and metadata. A new one is catalogued with its import pending; a
     * known one keeps its import status and creation time.
     *
     * @return whether the recording was new
     */
    public boolean upsert(Recording recording) {
        return inTransaction(connection -> {
            long now = clock.millis();
            boolean created = updateRow(connection, recording, now) == 0;
            if (created) {
                insertRow(connection, recording, now);
            }
            replaceFormats(connection, recording);
            replaceMetadata(connection, recording);
            return created;
        });
    }

    /** @return whether the recording exists */
    public boolean setState(String recordId, String state) {
        return update("UPDATE recording SET state = ?, updated_at = ? WHERE record_id = ?", state, recordId);
    }

    /**
     * Sets the state of a recording that is in state {@code expected}, and only then: of two instances making the
     * same change at once (the retention of each), one changes the recording and the other finds nothing to do.
     *
     * @return whether this call changed it
     */
    public boolean setState(String recordId, String expected, String state) {
        return inTransaction(connection -> {
            try (PreparedStatement update = prepare(connection,
                    "UPDATE recording SET state = ?, updated_at = ? WHERE record_id = ? AND state = ?",
                    List.of(state, clock.millis(), recordId, expected))) {
                return update.executeUpdate() == 1;
            }
        });
    }

    /** @return whether the recording exists */
    public boolean setProtected(String recordId, boolean protectedPlayback) {
        return update("UPDATE recording SET is_protected = ?, updated_at = ? WHERE record_id = ?", protectedPlayback,
                recordId);
    }

    /**
     * Sets these metadata of the recording, and removes those whose value is empty; the others stay.
     *
     * @return whether the recording exists
     */
    public boolean updateMetadata(String recordId, Map<String, String> changes) {
        return inTransaction(connection -> {
            if (!touch(connection, recordId)) {
                return false;
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM recording_metadata WHERE record_id = ? AND meta_name = ?");
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO recording_metadata (record_id, meta_name, meta_value) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> change : changes.entrySet()) {
                    String name = change.getKey().toLowerCase(Locale.ROOT);
                    delete.setString(1, recordId);
                    delete.setString(2, name);
                    delete.executeUpdate();
                    if (!change.getValue().isEmpty()) {
                        insert.setString(1, recordId);
                        insert.setString(2, name);
                        insert.setString(3, change.getValue());
                        insert.executeUpdate();
                    }
                }
            }
            return true;
        });
    }

    /** The recording's files are in Caravan's storage. @return whether the recording exists */
    public boolean importSucceeded(String recordId) {
        return importStatus(recordId, ImportStatus.State.IMPORTED, null, true);
    }

    /** An import of the recording failed for this reason. @return whether the recording exists */
    public boolean importFailed(String recordId, String reason) {
        return importStatus(recordId, ImportStatus.State.FAILED, reason, true);
    }

    /** The recording is to be imported (again), its attempts kept. @return whether the recording exists */
    public boolean importPending(String recordId) {
        return importStatus(recordId, ImportStatus.State.PENDING, null, false);
    }

    // ---- deletes --------------------------------------------------------------------------------------------------

    /** Deletes the recording with its formats and metadata; what was deleted (nothing when it was unknown). */
    public List<DeletedRecording> delete(String recordId) {
        return deleteWhere("r.record_id = ?", recordId);
    }

    /** Deletes every recording of this meeting (of this tenant; null for none). */
    public List<DeletedRecording> deleteMeeting(String tenant, String meetingId) {
        return tenant == null ? deleteWhere("r.tenant IS NULL AND r.meeting_id = ?", meetingId)
                : deleteWhere("r.tenant = ? AND r.meeting_id = ?", tenant, meetingId);
    }

    /** Deletes every recording of this tenant. */
    public List<DeletedRecording> deleteTenant(String tenant) {
        return deleteWhere("r.tenant = ?", tenant);
    }

    // ---- reads ----------------------------------------------------------------------------------------------------

    public Optional<CatalogEntry> find(String recordId) {
        return inTransaction(connection -> select(connection, "r.record_id = ?", List.of(recordId), "")
                .stream().findFirst());
    }

    /**
     * The recordIDs and start times of the recordings matching getRecordings' filters, in its order, one page of them
     * when the query asks for one, with the count of all that match: what a listing merged with other recordings
     * needs before it knows which of them its page shows ({@link #findAll} then reads those).
     */
    public RecordingKeys queryKeys(RecordingQuery query) {
        RecordingFilterSql filter = new RecordingFilterSql(query);
        String page = query.paging().map(p -> " LIMIT " + p.limit() + " OFFSET " + p.offset()).orElse("");
        return inTransaction(connection -> {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long total = count(connection, filter);
            List<RecordingKeys.Key> keys = new ArrayList<>();
            try (PreparedStatement select = prepare(connection, "SELECT r.record_id, r.start_time FROM recording r"
                    + " WHERE " + filter.where() + " ORDER BY r.start_time, r.record_id" + page, filter.parameters());
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.add(new RecordingKeys.Key(rows.getString(1), rows.getLong(2)));
                }
            }
            return new RecordingKeys(keys, total);
        });
    }

    /** These recordings, in getRecordings' order; recordIDs the catalog does not have are left out. */
    public List<CatalogEntry> findAll(Collection<String> recordIds) {
        if (recordIds.isEmpty()) {
            return List.of();
        }
        List<Object> ids = List.copyOf(recordIds);
        return inTransaction(connection -> {
            List<CatalogEntry> found = new ArrayList<>();
            for (List<Object> chunk : inChunks(ids)) {
                found.addAll(select(connection, "r.record_id IN (" + String.join(", ",
                        Collections.nCopies(chunk.size(), "?")) + ")", chunk, ""));
            }
            found.sort(Comparator.comparingLong((CatalogEntry e) -> e.recording().startTime())
                    .thenComparing(e -> e.recording().recordId()));
            return found;
        });
    }

    /**
     * The recordings matching getRecordings' filters, ordered by start time (then recordID, so that pages do not
     * overlap), one page of them when the query asks for one, with the count of all that match.
     */
    public RecordingPage query(RecordingQuery query) {
        RecordingFilterSql filter = new RecordingFilterSql(query);
        String page = query.paging().map(p -> " LIMIT " + p.limit() + " OFFSET " + p.offset()).orElse("");
        return inTransaction(connection -> {
            // the count and the page from one snapshot, so that the total fits the page
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long total = count(connection, filter);
            return new RecordingPage(select(connection, filter.where(), filter.parameters(),
                    " ORDER BY r.start_time, r.record_id" + page), total);
        });
    }

    /**
     * Which of these recordIDs the catalog has, in any state: a recording the catalog keeps hides the node's copy of
     * it, whatever filter a listing applies. Asked in chunks, as databases bound the parameters of one statement.
     */
    public Set<String> keptAmong(Collection<String> recordIds) {
        if (recordIds.isEmpty()) {
            return Set.of();
        }
        List<String> ids = List.copyOf(recordIds);
        return inTransaction(connection -> {
            Set<String> kept = new HashSet<>();
            for (List<Object> chunk : inChunks(ids)) {
                try (PreparedStatement select = prepare(connection, "SELECT record_id FROM recording WHERE record_id"
                        + " IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")", chunk);
                        ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        kept.add(rows.getString(1));
                    }
                }
            }
            return kept;
        });
    }

    /** The recordIDs in lists of at most {@link #IN_CHUNK}, one IN list each. */
    private static List<List<Object>> inChunks(List<?> ids) {
        List<List<Object>> chunks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            chunks.add(List.copyOf(ids.subList(from, Math.min(ids.size(), from + IN_CHUNK))));
        }
        return chunks;
    }

    /** How many recordings match the filter. */
    private static long count(Connection connection, RecordingFilterSql filter) throws SQLException {
        try (PreparedStatement count = prepare(connection,
                "SELECT COUNT(*) FROM recording r WHERE " + filter.where(), filter.parameters());
                ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The recordings whose import is in this state, oldest attempt first. */
    public List<CatalogEntry> imports(ImportStatus.State state, int limit) {
        return inTransaction(connection -> select(connection, "r.import_status = ?", List.of(state.name()),
                " ORDER BY r.import_time, r.record_id LIMIT " + Math.max(0, limit)));
    }

    /**
     * One page of the recordings of a tenant (null: of no tenant) that ended before this instant, or started before it
     * when they have no end time, in this state (null: in any), oldest first. A recording with neither time is never
     * among them: its age is unknown, and an unknown age must not count as the oldest. Pages follow the recording
     * the previous page ended with ({@code after}; null for the first page) rather than an offset, so that the
     * recordings a caller changes or deletes between two pages make it skip none.
     */
    public List<CatalogEntry> endedBefore(String tenant, Instant before, String state, CatalogEntry after,
            int limit) {
        StringBuilder condition = new StringBuilder(tenant == null ? "r.tenant IS NULL" : "r.tenant = ?");
        List<Object> parameters = new ArrayList<>();
        if (tenant != null) {
            parameters.add(tenant);
        }
        condition.append(" AND ").append(ENDED).append(" > 0 AND ").append(ENDED).append(" < ?");
        parameters.add(before.toEpochMilli());
        if (state != null) {
            condition.append(" AND r.state = ?");
            parameters.add(state);
        }
        if (after != null) {
            long ended = ended(after.recording());
            condition.append(" AND (").append(ENDED).append(" > ? OR (").append(ENDED)
                    .append(" = ? AND r.record_id > ?))");
            parameters.addAll(List.of(ended, ended, after.recording().recordId()));
        }
        return inTransaction(connection -> select(connection, condition.toString(), parameters,
                " ORDER BY " + ENDED + ", r.record_id LIMIT " + Math.max(0, limit)));
    }

    /** When a recording ended, as {@link #endedBefore} counts it: its start when it has no end time. */
    public static long ended(Recording recording) {
        return recording.endTime() > 0 ? recording.endTime() : recording.startTime();
    }

    /** The tenants that have recordings here, null (recordings of no tenant) first. */
    public List<String> tenants() {
        return inTransaction(connection -> {
            List<String> tenants = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT DISTINCT tenant FROM recording");
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tenants.add(rows.getString(1));
                }
            }
            tenants.sort(Comparator.nullsFirst(Comparator.naturalOrder()));
            return tenants;
        });
    }

    /** What each tenant's recordings take, the recordings of no tenant first. */
    public List<TenantStorage> storage() {
        return inTransaction(connection -> {
            List<TenantStorage> tenants = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT r.tenant, COUNT(*),"
                    + " SUM(r.raw_size_bytes), SUM(COALESCE(f.bytes, 0)) FROM recording r LEFT JOIN"
                    + " (SELECT record_id, SUM(size_bytes) AS bytes FROM recording_format GROUP BY record_id) f"
                    + " ON f.record_id = r.record_id GROUP BY r.tenant");
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tenants.add(new TenantStorage(rows.getString(1), rows.getLong(2), rows.getLong(3),
                            rows.getLong(4)));
                }
            }
            // H2 and PostgreSQL order nulls differently
            tenants.sort(Comparator.comparing(TenantStorage::tenant, Comparator.nullsFirst(Comparator.naturalOrder())));
            return tenants;
        });
    }

    // ---- rows -----------------------------------------------------------------------------------------------------

    private static int updateRow(Connection connection, Recording r, long now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE recording SET meeting_id = ?,"
                + " internal_meeting_id = ?, tenant = ?, name = ?, state = ?, is_protected = ?, start_time = ?,"
                + " end_time = ?, participants = ?, raw_size_bytes = ?, origin_node = ?, updated_at = ?"
                + " WHERE record_id = ?")) {
            int next = bindRecording(update, 1, r);
            update.setLong(next, now);
            update.setString(next + 1, r.recordId());
            return update.executeUpdate();
        }
    }

    private static void insertRow(Connection connection, Recording r, long now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO recording (meeting_id,"
                + " internal_meeting_id, tenant, name, state, is_protected, start_time, end_time, participants,"
                + " raw_size_bytes, origin_node, record_id, import_status, import_attempts, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)")) {
            int next = bindRecording(insert, 1, r);
            insert.setString(next, r.recordId());
            insert.setString(next + 1, ImportStatus.State.PENDING.name());
            insert.setLong(next + 2, now);
            insert.setLong(next + 3, now);
            insert.executeUpdate();
        }
    }

    /** Binds the recording's own columns from this index on; the next free index. */
    private static int bindRecording(PreparedStatement statement, int first, Recording r) throws SQLException {
        int i = first;
        statement.setString(i++, r.meetingId());
        statement.setString(i++, r.internalMeetingId());
        statement.setString(i++, r.tenant());
        statement.setString(i++, r.name());
        statement.setString(i++, r.state());
        statement.setBoolean(i++, r.protectedPlayback());
        statement.setLong(i++, r.startTime());
        statement.setLong(i++, r.endTime());
        statement.setInt(i++, r.participants());
        statement.setLong(i++, r.rawSizeBytes());
        statement.setString(i++, r.originNode());
        return i;
    }

    private static void replaceFormats(Connection connection, Recording r) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM recording_format WHERE record_id = ?")) {
            delete.setString(1, r.recordId());
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO recording_format (record_id,"
                + " format_type, location, length_minutes, size_bytes, processing_time_ms, preview_json)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (RecordingFormat f : r.formats()) {
                insert.setString(1, r.recordId());
                insert.setString(2, f.type());
                insert.setString(3, f.location());
                insert.setInt(4, f.lengthMinutes());
                insert.setLong(5, f.sizeBytes());
                insert.setLong(6, f.processingTimeMillis());
                if (f.previewJson() == null) {
                    insert.setNull(7, Types.VARCHAR);
                } else {
                    insert.setString(7, f.previewJson());
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void replaceMetadata(Connection connection, Recording r) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM recording_metadata WHERE record_id = ?")) {
            delete.setString(1, r.recordId());
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO recording_metadata (record_id, meta_name, meta_value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> meta : r.metadata().entrySet()) {
                insert.setString(1, r.recordId());
                insert.setString(2, meta.getKey());
                insert.setString(3, meta.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Marks the recording updated, taking its row lock first; whether it exists. */
    private boolean touch(Connection connection, String recordId) throws SQLException {
        try (PreparedStatement touch = connection.prepareStatement(
                "UPDATE recording SET updated_at = ? WHERE record_id = ?")) {
            touch.setLong(1, clock.millis());
            touch.setString(2, recordId);
            return touch.executeUpdate() == 1;
        }
    }

    private boolean importStatus(String recordId, ImportStatus.State state, String reason, boolean attempted) {
        String attempts = attempted ? "import_attempts + 1" : "import_attempts";
        String time = attempted ? "?" : "import_time";
        return inTransaction(connection -> {
            long now = clock.millis();
            try (PreparedStatement update = connection.prepareStatement("UPDATE recording SET import_status = ?,"
                    + " import_reason = ?, import_attempts = " + attempts + ", import_time = " + time
                    + ", updated_at = ? WHERE record_id = ?")) {
                int i = 1;
                update.setString(i++, state.name());
                update.setString(i++, reason);
                if (attempted) {
                    update.setLong(i++, now);
                }
                update.setLong(i++, now);
                update.setString(i, recordId);
                return update.executeUpdate() == 1;
            }
        });
    }

    private boolean update(String sql, Object value, String recordId) {
        return inTransaction(connection -> {
            try (PreparedStatement update = prepare(connection, sql, List.of(value, clock.millis(), recordId))) {
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * Deletes the recordings matching the condition and answers those it removed: each by its own key, so that one
     * another instance catalogues meanwhile is neither deleted unreported nor reported undeleted.
     */
    private List<DeletedRecording> deleteWhere(String condition, Object... parameters) {
        return inTransaction(connection -> {
            List<DeletedRecording> found = new ArrayList<>();
            try (PreparedStatement select = prepare(connection, "SELECT r.record_id, r.meeting_id, r.tenant"
                    + " FROM recording r WHERE " + condition + " ORDER BY r.record_id", List.of(parameters));
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(new DeletedRecording(rows.getString(1), rows.getString(2), rows.getString(3)));
                }
            }
            List<DeletedRecording> deleted = new ArrayList<>();
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM recording WHERE record_id = ?")) {
                for (DeletedRecording recording : found) {
                    delete.setString(1, recording.recordId());
                    if (delete.executeUpdate() == 1) {
                        deleted.add(recording);
                    }
                }
            }
            return deleted;
        });
    }

    /** The recordings matching the condition, with their formats and metadata. */
    private static List<CatalogEntry> select(Connection connection, String condition, List<Object> parameters,
            String tail) throws SQLException {
        Map<String, ResultRow> rows = new LinkedHashMap<>();
        try (PreparedStatement select = prepare(connection,
                "SELECT " + COLUMNS + " FROM recording r WHERE " + condition + tail, parameters);
                ResultSet result = select.executeQuery()) {
            while (result.next()) {
                ResultRow row = new ResultRow(result);
                rows.put(row.recordId, row);
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        String ids = String.join(", ", Collections.nCopies(rows.size(), "?"));
        List<Object> keys = List.copyOf(rows.keySet());
        try (PreparedStatement formats = prepare(connection, "SELECT record_id, format_type, location,"
                + " length_minutes, size_bytes, processing_time_ms, preview_json FROM recording_format"
                + " WHERE record_id IN (" + ids + ") ORDER BY record_id, format_type", keys);
                ResultSet result = formats.executeQuery()) {
            while (result.next()) {
                rows.get(result.getString(1)).formats.add(new RecordingFormat(result.getString(2),
                        result.getString(3), result.getInt(4), result.getLong(5), result.getLong(6),
                        result.getString(7)));
            }
        }
        try (PreparedStatement metadata = prepare(connection, "SELECT record_id, meta_name, meta_value"
                + " FROM recording_metadata WHERE record_id IN (" + ids + ") ORDER BY record_id, meta_name", keys);
                ResultSet result = metadata.executeQuery()) {
            while (result.next()) {
                rows.get(result.getString(1)).metadata.put(result.getString(2), result.getString(3));
            }
        }
        return rows.values().stream().map(ResultRow::entry).toList();
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    /** One recording's row, its formats and metadata filled in afterwards. */
    private static final class ResultRow {
        final String recordId;
        final Recording base;
        final ImportStatus importStatus;
        final Instant created;
        final Instant updated;
        final List<RecordingFormat> formats = new ArrayList<>();
        final Map<String, String> metadata = new LinkedHashMap<>();

        ResultRow(ResultSet r) throws SQLException {
            recordId = r.getString("record_id");
            base = new Recording(recordId, r.getString("meeting_id"), r.getString("internal_meeting_id"),
                    r.getString("tenant"), r.getString("name"), r.getString("state"), r.getBoolean("is_protected"),
                    r.getLong("start_time"), r.getLong("end_time"), r.getInt("participants"),
                    r.getLong("raw_size_bytes"), r.getString("origin_node"), List.of(), Map.of());
            long importTime = r.getLong("import_time");
            Instant imported = r.wasNull() ? null : Instant.ofEpochMilli(importTime);
            importStatus = new ImportStatus(ImportStatus.State.valueOf(r.getString("import_status")),
                    r.getString("import_reason"), r.getInt("import_attempts"), imported);
            created = Instant.ofEpochMilli(r.getLong("created_at"));
            updated = Instant.ofEpochMilli(r.getLong("updated_at"));
        }

        CatalogEntry entry() {
            Recording b = base;
            return new CatalogEntry(new Recording(b.recordId(), b.meetingId(), b.internalMeetingId(), b.tenant(),
                    b.name(), b.state(), b.protectedPlayback(), b.startTime(), b.endTime(), b.participants(),
                    b.rawSizeBytes(), b.originNode(), formats, metadata), importStatus, created, updated);
        }
    }

    // ---- transactions ---------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs the work in one transaction, again from the start when another writer's transaction got in its way. */
    private <T> T inTransaction(Work<T> work) {
        for (int attempt = 1;; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && RETRYABLE.contains(e.getSQLState())) {
                    continue;
                }
                throw new CatalogException("recordings catalog: " + e.getMessage(), e);
            }
        }
    }
}
