//! `taetkontakt migrate-to <postgres url>`: copies an embedded SQLite database into an empty
//! PostgreSQL database, for a municipality that outgrows one process. Tables are copied in
//! foreign-key order, row by row with their ids, then the id sequences are moved past them.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::{Column, Row};

use super::{Backend, Store, StoreError, StoreResult};

/// What was copied, table by table.
pub type CopyReport = BTreeMap<String, u64>;

impl Store {
    /// Copies every table of this (SQLite) store into `target` (PostgreSQL, migrated and empty).
    pub async fn copy_into(&self, target: &Store) -> StoreResult<CopyReport> {
        let (Backend::Sqlite(source), Backend::Postgres(pg)) = (&self.backend, &target.backend) else {
            return Err(StoreError::UnsupportedUrl(
                "copy goes from SQLite to PostgreSQL".into(),
            ));
        };
        target.migrate().await?;
        let tables = tables_in_dependency_order(source).await?;
        let mut tx = pg.begin().await?;
        for table in &tables {
            let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&mut *tx)
                .await?;
            if n > 0 {
                return Err(StoreError::Corrupt {
                    column: "target database",
                    value: format!("{table} is not empty"),
                });
            }
        }
        let mut report = CopyReport::new();
        for table in &tables {
            let types: BTreeMap<String, String> = sqlx::query_as::<_, (String, String)>(
                "SELECT column_name::text, data_type::text FROM information_schema.columns WHERE table_name = $1",
            )
            .bind(table)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
            let rows = sqlx::query(&format!("SELECT * FROM {table}"))
                .fetch_all(source)
                .await?;
            for row in &rows {
                let columns: Vec<&str> = row.columns().iter().map(|c| c.name()).collect();
                let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
                let sql = format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    columns.join(", "),
                    placeholders.join(", ")
                );
                let mut query = sqlx::query(&sql);
                for (i, column) in columns.iter().enumerate() {
                    let text_column = types.get(*column).is_some_and(|t| t == "text");
                    query = if text_column {
                        query.bind(row.try_get::<Option<String>, _>(i)?)
                    } else {
                        query.bind(row.try_get::<Option<i64>, _>(i)?)
                    };
                }
                query.execute(&mut *tx).await?;
            }
            if types.contains_key("id") && types.get("id").is_some_and(|t| t == "bigint") {
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                );
                sqlx::query(&sql).execute(&mut *tx).await?;
            }
            report.insert(table.clone(), rows.len() as u64);
        }
        tx.commit().await?;
        Ok(report)
    }

    /// Rows per table (for comparing two stores after a copy).
    pub async fn row_counts(&self) -> StoreResult<CopyReport> {
        let tables = match &self.backend {
            Backend::Sqlite(pool) => tables_in_dependency_order(pool).await?,
            Backend::Postgres(pool) => sqlx::query_as::<_, (String,)>(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' \
                 AND table_name <> '_sqlx_migrations'",
            )
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|r| r.0)
            .collect(),
        };
        let mut counts = CopyReport::new();
        for table in tables {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            let (n,): (i64,) = match &self.backend {
                Backend::Sqlite(pool) => sqlx::query_as(&sql).fetch_one(pool).await?,
                Backend::Postgres(pool) => sqlx::query_as(&sql).fetch_one(pool).await?,
            };
            counts.insert(table, n as u64);
        }
        Ok(counts)
    }
}

/// The application's tables, parents before children.
async fn tables_in_dependency_order(pool: &sqlx::SqlitePool) -> StoreResult<Vec<String>> {
    let names: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(pool)
    .await?;
    let mut parents: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name,) in &names {
        let rows = sqlx::query(&format!("PRAGMA foreign_key_list({name})"))
            .fetch_all(pool)
            .await?;
        let mut set = BTreeSet::new();
        for row in rows {
            let parent: String = row.try_get("table")?;
            if &parent != name {
                set.insert(parent);
            }
        }
        parents.insert(name.clone(), set);
    }
    let mut ordered = Vec::new();
    while !parents.is_empty() {
        let ready: Vec<String> = parents
            .iter()
            .filter(|(_, deps)| {
                deps.iter()
                    .all(|d| ordered.contains(d) || !parents.contains_key(d))
            })
            .map(|(name, _)| name.clone())
            .collect();
        if ready.is_empty() {
            return Err(StoreError::Corrupt {
                column: "foreign keys",
                value: "cycle between tables".into(),
            });
        }
        for name in ready {
            parents.remove(&name);
            ordered.push(name);
        }
    }
    Ok(ordered)
}
