import pytest

from threecenters.search import segment


@pytest.fixture
def fresh_segmenter():
    segment.reset()
    yield
    segment.reset()


def test_staff_terms_from_the_setting_are_kept_whole(settings, tmp_path, fresh_segmenter):
    before = segment.tokenize("邻里守望相助团来了")
    assert "邻里守望相助团" not in before
    extra = tmp_path / "extra.txt"
    extra.write_text("# 我们社区的词\n邻里守望相助团 50000\n", encoding="utf-8")
    settings.SEARCH_DICTIONARY = str(extra)
    segment.reset()
    assert "邻里守望相助团" in segment.tokenize("邻里守望相助团来了")
    assert "邻里守望相助团" in segment.dictionary_terms()
