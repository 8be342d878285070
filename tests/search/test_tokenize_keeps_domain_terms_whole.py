from threecenters.search.segment import index_tokens, tokenize


def test_it_keeps_dictionary_terms_whole():
    words = tokenize("石井社区的社区小二服务队学习三融三建，水韵江安·花漾通讲")
    for term in ["石井社区", "社区小二", "三融三建", "水韵江安", "花漾通讲"]:
        assert term in words


def test_it_drops_punctuation_emoji_and_folds_full_width_and_case():
    assert tokenize("ＡＢＣ，Hello！😀（社区）") == ["abc", "hello", "社区"]


def test_the_index_holds_every_character_as_a_token_too():
    tokens = index_tokens("张三")
    assert "张" in tokens and "三" in tokens
