from django.core.management.base import BaseCommand, CommandError

from threecenters.search import registry, services


class Command(BaseCommand):
    help = "Rebuild the search index for every registered type, or one (--type), in chunks."

    def add_arguments(self, parser):
        parser.add_argument("--type", dest="type_name", default=None, help="one type, e.g. case")
        parser.add_argument("--chunk", type=int, default=services.CHUNK, help="objects per chunk")

    def handle(self, *args, type_name=None, chunk=services.CHUNK, **options):
        if type_name is not None and registry.get_type(type_name) is None:
            known = ", ".join(t.name for t in registry.all_types()) or "-"
            raise CommandError(f"unknown search type {type_name!r} (known: {known})")
        if chunk < 1:
            raise CommandError("--chunk must be at least 1")
        counts = services.reindex(type_name=type_name, chunk=max(1, chunk))
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
