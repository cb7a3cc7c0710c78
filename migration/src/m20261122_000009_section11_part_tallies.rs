//! Section 11 counts per part of a round (a round and a partnership taking
//! part), kept as returns change.
//!
//! Every `section11Summary` and every benchmark view counted a part's returns
//! by overall grade, and its grades by standard, from the rows: a pass over
//! 300-1,500 returns and up to 36,000 grades, about 60% of what a summary cost
//! and the largest share of a matrix. The counts change only when a return
//! leaves or moves between the counted statuses (submit, validate, publish; a
//! draft counts nowhere), so they are recounted for the part in the
//! transaction of each such write ([`recount`]), and summaries read a few
//! dozen tally rows instead. The tallies are derived: [`recount`] is their
//! one definition, used here to fill them for the returns already held, by the
//! loaders and by the service.
//!
//! They are read only by the summary's own statements, so they have no
//! entities.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::m20261122_000007_inadequate_grade_index::INADEQUATE_PREDICATE;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000009_section11_part_tallies"
    }
}

/// Counted returns of a part by status and effective overall grade.
#[derive(DeriveIden, Clone, Copy)]
pub enum Section11ReturnTally {
    Table,
    RoundId,
    PartnershipCode,
    Status,
    /// The moderated overall grade where there is one, else the agency's; null when neither.
    Grade,
    /// Returns.
    N,
    /// Of those, illustrative ones.
    Illustrative,
    /// Of those, ones with any Inadequate grading.
    Inadequate,
}

/// Grades of a part's counted returns by status, standard and effective grade.
#[derive(DeriveIden, Clone, Copy)]
pub enum Section11GradeTally {
    Table,
    RoundId,
    PartnershipCode,
    Status,
    StandardId,
    /// The moderated grade where there is one, else the agency's.
    Grade,
    /// Grades.
    N,
}

#[derive(DeriveIden)]
enum Section11Return {
    Table,
    Id,
    RoundId,
    PartnershipCode,
    Status,
    OverallGrade,
    ModeratedOverallGrade,
    Illustrative,
}

#[derive(DeriveIden)]
enum Section11Grade {
    Table,
    ReturnId,
    StandardId,
    SelfGrade,
    ModeratedGrade,
}

/// The statements that recount one part (`Some((round id, partnership
/// code))`) or every part (`None`): clear its tallies, then count again.
/// Run them in one transaction, in order ([`Recount::run`]).
pub struct Recount {
    pub clear: [DeleteStatement; 2],
    pub fill: [InsertStatement; 2],
}

impl Recount {
    /// Clears the tallies, then counts them again, on `db`.
    pub async fn run<C: ConnectionTrait>(&self, db: &C) -> Result<(), DbErr> {
        for statement in &self.clear {
            db.execute(statement).await?;
        }
        for statement in &self.fill {
            db.execute(statement).await?;
        }
        Ok(())
    }
}

pub fn recount(part: Option<(&str, &str)>) -> Recount {
    use Section11Return as R;
    let of_part = |round: ColumnRef, partnership: ColumnRef| {
        let mut c = Condition::all();
        if let Some((round_id, code)) = part {
            c = c
                .add(Expr::col(round).eq(round_id))
                .add(Expr::col(partnership).eq(code));
        }
        c
    };
    let counted = || {
        of_part(
            (R::Table, R::RoundId).into_column_ref(),
            (R::Table, R::PartnershipCode).into_column_ref(),
        )
        .add(Expr::col((R::Table, R::Status)).ne("DRAFT"))
    };
    let clear = |table: DynIden, round: DynIden, partnership: DynIden| {
        Query::delete()
            .from_table(table)
            .cond_where(of_part(
                round.into_column_ref(),
                partnership.into_column_ref(),
            ))
            .to_owned()
    };
    // A return with at least one Inadequate grading, at standard or
    // sub-standard level, the moderated grade where there is one. The
    // predicate is the partial index's (migration 000007), written literally.
    let inadequate_grade = Query::select()
        .expr(Expr::val(1))
        .from(Section11Grade::Table)
        .and_where(
            Expr::col((Section11Grade::Table, Section11Grade::ReturnId)).equals((R::Table, R::Id)),
        )
        .and_where(Expr::cust(INADEQUATE_PREDICATE))
        .to_owned();

    let returns = Query::select()
        .column((R::Table, R::RoundId))
        .column((R::Table, R::PartnershipCode))
        .column((R::Table, R::Status))
        .expr_as(
            Func::coalesce([
                Expr::col((R::Table, R::ModeratedOverallGrade)),
                Expr::col((R::Table, R::OverallGrade)),
            ]),
            Alias::new("grade"),
        )
        .expr(Func::count(Expr::col(Asterisk)))
        .expr(Func::count(Expr::case(
            Expr::col((R::Table, R::Illustrative)).eq(true),
            1,
        )))
        .expr(Func::count(Expr::case(Expr::exists(inadequate_grade), 1)))
        .from(R::Table)
        .cond_where(counted())
        .group_by_col((R::Table, R::RoundId))
        .group_by_col((R::Table, R::PartnershipCode))
        .group_by_col((R::Table, R::Status))
        .group_by_col(Alias::new("grade"))
        .to_owned();
    use Section11ReturnTally as T;
    let fill_returns = Query::insert()
        .into_table(T::Table)
        .columns([
            T::RoundId,
            T::PartnershipCode,
            T::Status,
            T::Grade,
            T::N,
            T::Illustrative,
            T::Inadequate,
        ])
        .select_from(returns)
        .unwrap_or_else(|_| unreachable!("the select has the insert's seven columns"))
        .to_owned();

    use Section11Grade as G;
    let grades = Query::select()
        .column((R::Table, R::RoundId))
        .column((R::Table, R::PartnershipCode))
        .column((R::Table, R::Status))
        .column((G::Table, G::StandardId))
        .expr_as(
            Func::coalesce([
                Expr::col((G::Table, G::ModeratedGrade)),
                Expr::col((G::Table, G::SelfGrade)),
            ]),
            Alias::new("grade"),
        )
        .expr(Func::count(Expr::col(Asterisk)))
        .from(G::Table)
        .inner_join(
            R::Table,
            Expr::col((R::Table, R::Id)).equals((G::Table, G::ReturnId)),
        )
        .cond_where(counted())
        .group_by_col((R::Table, R::RoundId))
        .group_by_col((R::Table, R::PartnershipCode))
        .group_by_col((R::Table, R::Status))
        .group_by_col((G::Table, G::StandardId))
        .group_by_col(Alias::new("grade"))
        .to_owned();
    use Section11GradeTally as U;
    let fill_grades = Query::insert()
        .into_table(U::Table)
        .columns([
            U::RoundId,
            U::PartnershipCode,
            U::Status,
            U::StandardId,
            U::Grade,
            U::N,
        ])
        .select_from(grades)
        .unwrap_or_else(|_| unreachable!("the select has the insert's six columns"))
        .to_owned();

    Recount {
        clear: [
            clear(
                T::Table.into_iden(),
                T::RoundId.into_iden(),
                T::PartnershipCode.into_iden(),
            ),
            clear(
                U::Table.into_iden(),
                U::RoundId.into_iden(),
                U::PartnershipCode.into_iden(),
            ),
        ],
        fill: [fill_returns, fill_grades],
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Section11GradeTally as U;
        use Section11ReturnTally as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(ColumnDef::new(T::RoundId).string_len(64).not_null())
                    .col(ColumnDef::new(T::PartnershipCode).string_len(32).not_null())
                    .col(ColumnDef::new(T::Status).string_len(16).not_null())
                    .col(ColumnDef::new(T::Grade).string_len(32).null())
                    .col(ColumnDef::new(T::N).integer().not_null())
                    .col(ColumnDef::new(T::Illustrative).integer().not_null())
                    .col(ColumnDef::new(T::Inadequate).integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(U::Table)
                    .col(ColumnDef::new(U::RoundId).string_len(64).not_null())
                    .col(ColumnDef::new(U::PartnershipCode).string_len(32).not_null())
                    .col(ColumnDef::new(U::Status).string_len(16).not_null())
                    .col(ColumnDef::new(U::StandardId).string_len(96).not_null())
                    .col(ColumnDef::new(U::Grade).string_len(32).not_null())
                    .col(ColumnDef::new(U::N).integer().not_null())
                    .to_owned(),
            )
            .await?;
        for (name, table) in [
            ("ix_section11_return_tally_part", T::Table.into_iden()),
            ("ix_section11_grade_tally_part", U::Table.into_iden()),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(table)
                        .col(Alias::new("round_id"))
                        .col(Alias::new("partnership_code"))
                        .to_owned(),
                )
                .await?;
        }
        recount(None).run(manager.get_connection()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Section11GradeTally::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Section11ReturnTally::Table).to_owned())
            .await
    }
}
