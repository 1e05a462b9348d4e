package io.caravan.catalog;

/** The catalog's database failed (unreachable, refused a statement); the SQL error is the cause. */
public final class CatalogException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
