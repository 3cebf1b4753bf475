"""`flask retention [--dry-run]`: remove or anonymise what has passed its keeping time
(webapp/retention/rules.py says what and why), and print a one-line summary."""
import click
from flask.cli import with_appcontext

from webapp.lib import clock
from webapp.retention import rules


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Say what would go, change nothing.")
@click.option("--list", "listing", is_flag=True, help="Also list the clients by number and the rows by table.")
@with_appcontext
def retention_command(dry_run: bool, listing: bool):
    """Anonymise clients whose last period ended over 10 years ago; drop access-log rows over 2 years old."""
    found = rules.plan(clock.today())
    if listing:
        for client_id in found.clients:
            click.echo(f"client {client_id}: anonymise")
        for table, count in sorted(found.rows.items()):
            if count:
                click.echo(f"  {table}: {count} rows")
    if not dry_run:
        rules.carry_out(found)
    verb = "would" if dry_run else "did"
    click.echo(f"retention{' (dry run)' if dry_run else ''}: {verb} anonymise {len(found.clients)} clients "
               f"(last day before {found.document_cutoff.isoformat()}) removing {found.removed_rows} rows; "
               f"{verb} remove {found.old_reads} access-log rows read before "
               f"{clock.to_local(found.log_cutoff).date().isoformat()}")
