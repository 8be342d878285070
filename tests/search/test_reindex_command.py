import pytest

from tests.governance.factories import make_case
from threecenters import cli
from threecenters.search.models import SearchDocument
from threecenters.search.selectors import search


@pytest.mark.django_db
def test_reindex_rebuilds_a_wiped_index(world, personas, capsys):
    make_case(world, personas, title="楼道微更新")
    make_case(world, personas, title="楼道照明", publish=False)
    SearchDocument.objects.all().delete()
    assert search(query="楼道").items == []
    assert cli.main(["search", "reindex", "--chunk", "1"]) == 0
    assert [h.title for h in search(query="楼道").items] == ["楼道微更新"]
    assert "case: 1" in capsys.readouterr().out
    assert cli.main(["search", "reindex", "--type", "case"]) == 0
    assert SearchDocument.objects.count() == 1


@pytest.mark.django_db
def test_an_unknown_type_is_refused_with_a_message(capsys):
    assert cli.main(["search", "reindex", "--type", "nope"]) == 1
    assert "unknown search type 'nope'" in capsys.readouterr().err


def test_the_subcommand_has_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["search", "reindex", "--help"])
    assert exit_info.value.code == 0
    assert "--type" in capsys.readouterr().out
