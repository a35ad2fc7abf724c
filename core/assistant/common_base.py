# ruff: noqa: E501  (data: long Vietnamese answers)
"""The platform's common knowledge base: copied into every committee by `manage.py assistant_common_sync` (and
the demo seed); a committee can switch an entry off or add its own. Answers stay general and point to the
committee or the documents library for what differs locally.

Each entry: (key, question, variants — other ways of asking, answer, link).
"""

COMMON: list[tuple[str, str, list[str], str, str]] = [
    (
        "chuyen-sinh-hoat-chinh-thuc",
        "Thủ tục chuyển sinh hoạt đảng chính thức như thế nào?",
        [
            "chuyển sinh hoạt đảng sang đảng bộ khác",
            "giấy giới thiệu chuyển sinh hoạt đảng",
            "chuyển đảng khi đổi nơi công tác",
        ],
        "Đồng chí làm đơn gửi chi bộ; chi bộ đề nghị, cấp ủy có thẩm quyền cấp giấy giới thiệu sinh hoạt đảng kèm hồ sơ "
        "đảng viên. Đồng chí mang giấy giới thiệu đến nơi sinh hoạt mới trong thời hạn ghi trên giấy (không để gián đoạn "
        "sinh hoạt đảng quá thời hạn). Hỏi văn phòng cấp ủy nơi đi về hồ sơ cụ thể.",
        "/van-ban/",
    ),
    (
        "chuyen-sinh-hoat-tam-thoi",
        "Đi làm xa thì chuyển sinh hoạt đảng tạm thời thế nào?",
        [
            "sinh hoạt đảng tạm thời",
            "đi công tác dài ngày có phải chuyển sinh hoạt",
            "làm việc ở tỉnh khác sinh hoạt đảng ở đâu",
        ],
        "Đảng viên đi làm việc, học tập ở nơi khác từ 3 tháng trở lên thì chuyển sinh hoạt tạm thời đến tổ chức đảng nơi "
        "đến, vẫn giữ sinh hoạt chính thức ở nơi cũ. Làm đơn gửi chi bộ để được cấp giấy giới thiệu sinh hoạt tạm thời.",
        "",
    ),
    (
        "dang-phi-muc-dong",
        "Mức đóng đảng phí hằng tháng là bao nhiêu?",
        ["đảng phí mỗi tháng đóng bao nhiêu", "cách tính đảng phí", "đảng phí tính theo lương"],
        "Đảng phí tính theo tỷ lệ phần trăm thu nhập hằng tháng theo Quy định 01-QĐ/TW năm 2017 về thu, chi, quản lý "
        "đảng phí: đảng viên hưởng lương đóng 1% tiền lương (có hệ số, phụ cấp); các trường hợp khác có mức riêng. Chi bộ "
        "thông báo mức cụ thể của đồng chí.",
        "/van-ban/",
    ),
    (
        "dang-phi-cach-nop",
        "Nộp đảng phí ở đâu, có nộp qua ứng dụng được không?",
        ["đóng đảng phí online", "nộp đảng phí qua cổng dịch vụ công", "ai thu đảng phí"],
        "Đảng phí nộp cho chi bộ (đồng chí phụ trách thu) hoặc qua Cổng dịch vụ công quốc gia nơi đã triển khai. Sổ tay "
        "không thu tiền; ứng dụng chỉ nhắc lịch và dẫn đường tới cổng thanh toán.",
        "",
    ),
    (
        "sinh-hoat-thuong-ky",
        "Chi bộ sinh hoạt thường kỳ mấy lần một tháng?",
        ["lịch sinh hoạt chi bộ hằng tháng", "bao lâu họp chi bộ một lần", "sinh hoạt chi bộ định kỳ"],
        "Chi bộ sinh hoạt thường kỳ mỗi tháng một lần; chi bộ có thể sinh hoạt chuyên đề theo kế hoạch (ít nhất mỗi quý "
        "một lần). Lịch và nội dung buổi sinh hoạt của đồng chí xem ở mục Sinh hoạt chi bộ.",
        "/sinh-hoat/",
    ),
    (
        "vang-sinh-hoat",
        "Vắng sinh hoạt chi bộ thì phải làm gì?",
        ["xin phép vắng họp chi bộ", "không đi họp chi bộ được", "báo vắng buổi sinh hoạt"],
        "Báo bí thư chi bộ trước buổi sinh hoạt và nêu lý do để được ghi vắng có lý do. Đảng viên bỏ sinh hoạt chi bộ "
        "ba lần trong năm không có lý do chính đáng bị xem xét xóa tên theo Điều lệ Đảng.",
        "/sinh-hoat/",
    ),
    (
        "gop-y-truoc-hop",
        "Làm sao gửi ý kiến góp ý trước buổi sinh hoạt?",
        ["góp ý nội dung sinh hoạt chi bộ", "gửi ý kiến vào dự thảo nghị quyết chi bộ", "cho ý kiến trước cuộc họp"],
        "Mở buổi sinh hoạt sắp tới ở mục Sinh hoạt chi bộ, gõ ý kiến vào ô Ý kiến trước buổi sinh hoạt và gửi. Bí thư "
        "chi bộ đọc được các ý kiến trước khi họp.",
        "/sinh-hoat/",
    ),
    (
        "diem-danh",
        "Điểm danh buổi sinh hoạt bằng mã như thế nào?",
        ["mã điểm danh sinh hoạt chi bộ", "check in khi họp chi bộ", "nhập mã có mặt"],
        "Khi buổi sinh hoạt bắt đầu, bí thư đọc hoặc chiếu mã điểm danh; đồng chí mở buổi sinh hoạt trên ứng dụng và nhập "
        "mã để được ghi có mặt.",
        "/sinh-hoat/",
    ),
    (
        "quen-mat-khau",
        "Quên mật khẩu đăng nhập Sổ tay thì làm thế nào?",
        ["không đăng nhập được", "lấy lại mật khẩu", "đặt lại mật khẩu tài khoản"],
        "Báo bí thư chi bộ hoặc quản trị của đảng bộ để được cấp lại mật khẩu dùng một lần; đăng nhập bằng mật khẩu đó rồi "
        "đặt mật khẩu mới của đồng chí.",
        "/dang-nhap/",
    ),
    (
        "doi-mat-khau",
        "Đổi mật khẩu ở đâu?",
        ["thay mật khẩu", "cập nhật mật khẩu mới", "muốn đổi pass"],
        "Vào mục Tài khoản, chọn Đổi mật khẩu, nhập mật khẩu cũ và mật khẩu mới (ít nhất 8 ký tự, không quá dễ đoán).",
        "/tai-khoan/",
    ),
    (
        "cai-dat-ung-dung",
        "Cài Sổ tay lên điện thoại như thế nào?",
        ["cài ứng dụng sổ tay đảng viên", "thêm vào màn hình chính", "tải app sổ tay"],
        "Mở trang Sổ tay của đảng bộ bằng trình duyệt trên điện thoại, chọn Thêm vào màn hình chính (Add to Home screen). "
        "Ứng dụng mở như một ứng dụng riêng và vẫn đọc được trang đã xem khi mất mạng.",
        "/",
    ),
    (
        "bat-thong-bao",
        "Làm sao nhận thông báo trên điện thoại?",
        ["bật thông báo đẩy", "không nhận được thông báo", "tắt thông báo tin tức"],
        "Vào Thông báo, chọn Cách nhận thông báo, bấm Bật thông báo trên thiết bị này và cho phép trình duyệt hiển thị "
        "thông báo. Ở đó cũng chọn được loại nào báo ngay, loại nào chỉ xem trong ứng dụng hoặc tổng hợp mỗi ngày.",
        "/thong-bao/cai-dat/",
    ),
    (
        "chu-lon",
        "Chữ trên ứng dụng nhỏ quá, phóng to thế nào?",
        ["chế độ chữ lớn", "tăng cỡ chữ", "người cao tuổi khó đọc"],
        "Bấm nút Chữ lớn ở đầu trang: cỡ chữ và nút bấm to hơn trên mọi trang, lựa chọn được nhớ trên thiết bị.",
        "/",
    ),
    (
        "sua-thong-tin",
        "Thông tin cá nhân của tôi bị sai thì sửa ở đâu?",
        ["sửa ngày sinh trong hồ sơ", "đề nghị đính chính thông tin đảng viên", "sai số điện thoại"],
        "Vào Hồ sơ của tôi, chọn Đề nghị sửa thông tin, ghi thông tin đúng; đề nghị được gửi tới bí thư chi bộ duyệt.",
        "/dang-vien/",
    ),
    (
        "the-dang-mat",
        "Mất thẻ đảng thì làm sao?",
        ["cấp lại thẻ đảng", "thẻ đảng bị hỏng", "làm lại thẻ đảng viên"],
        "Báo ngay với chi bộ, làm bản tường trình; chi bộ báo cáo cấp ủy cơ sở đề nghị cấp lại thẻ đảng theo quy định.",
        "",
    ),
    (
        "du-bi",
        "Thời gian dự bị của đảng viên là bao lâu?",
        ["đảng viên dự bị bao lâu", "mười hai tháng dự bị", "thời hạn dự bị"],
        "Đảng viên dự bị phải trải qua thời kỳ dự bị mười hai tháng, tính từ ngày chi bộ tổ chức lễ kết nạp (Điều lệ Đảng).",
        "",
    ),
    (
        "chuyen-chinh-thuc",
        "Thủ tục xét chuyển đảng viên chính thức gồm những gì?",
        ["hồ sơ chuyển đảng chính thức", "hết dự bị làm gì", "bản tự kiểm điểm chuyển chính thức"],
        "Khi hết thời kỳ dự bị, đảng viên làm bản tự kiểm điểm; đảng viên chính thức được phân công giúp đỡ nhận xét; đoàn "
        "thể và chi ủy nơi cư trú có ý kiến; chi bộ họp xét và đề nghị cấp ủy có thẩm quyền quyết định.",
        "",
    ),
    (
        "du-bi-bieu-quyet",
        "Đảng viên dự bị có được biểu quyết không?",
        ["dự bị có quyền biểu quyết", "đảng viên dự bị có bầu cử không", "quyền của đảng viên dự bị"],
        "Đảng viên dự bị có các quyền như đảng viên chính thức, trừ quyền biểu quyết, ứng cử và bầu cử cơ quan lãnh đạo "
        "của Đảng.",
        "",
    ),
    (
        "ket-nap",
        "Muốn vào Đảng cần những điều kiện gì?",
        ["điều kiện kết nạp đảng", "tiêu chuẩn để được kết nạp đảng", "người muốn vào đảng"],
        "Công dân Việt Nam từ đủ 18 tuổi, thừa nhận và tự nguyện thực hiện Cương lĩnh, Điều lệ Đảng, qua thực tiễn chứng "
        "tỏ là người ưu tú, được nhân dân tín nhiệm; học lớp nhận thức về Đảng và được hai đảng viên chính thức giới "
        "thiệu. Liên hệ chi bộ nơi đồng chí làm việc hoặc cư trú.",
        "",
    ),
    (
        "mien-sinh-hoat",
        "Đảng viên tuổi cao, sức yếu có được miễn sinh hoạt không?",
        ["miễn sinh hoạt đảng", "xin miễn công tác và sinh hoạt đảng", "đảng viên ốm đau không đi họp được"],
        "Đảng viên tuổi cao, sức khỏe yếu có thể làm đơn xin miễn công tác và sinh hoạt đảng; chi bộ xem xét, quyết định. "
        "Đảng viên được miễn vẫn được dự sinh hoạt khi có thể và được biểu quyết khi có mặt.",
        "",
    ),
    (
        "xep-loai",
        "Đánh giá, xếp loại chất lượng đảng viên hằng năm làm thế nào?",
        ["tự đánh giá xếp loại cuối năm", "xếp loại đảng viên hoàn thành xuất sắc", "kiểm điểm cuối năm"],
        "Cuối năm, đảng viên làm bản tự kiểm điểm và tự nhận mức xếp loại trong mục Xếp loại; chi bộ đề xuất, cấp ủy cấp "
        "trên xem xét, quyết định. Tỷ lệ hoàn thành xuất sắc không vượt quá mức quy định.",
        "/xep-loai/",
    ),
    (
        "khen-thuong-huy-hieu",
        "Điều kiện được xét tặng Huy hiệu Đảng?",
        ["huy hiệu 30 năm tuổi đảng", "xét huy hiệu đảng", "tuổi đảng để nhận huy hiệu"],
        "Đảng viên có đủ 30, 40, 45, 50 năm tuổi đảng trở lên được xét tặng Huy hiệu Đảng tương ứng; chi bộ lập danh sách "
        "đề nghị vào các dịp 3/2, 19/5, 2/9 và 7/11 hằng năm.",
        "",
    ),
    (
        "hoc-nghi-quyet",
        "Học tập nghị quyết trên ứng dụng ở đâu?",
        ["tài liệu học nghị quyết", "viết bài thu hoạch nghị quyết", "học tập quán triệt nghị quyết"],
        "Tài liệu học tập nghị quyết có trong mục Văn bản (lọc theo loại Nghị quyết); kế hoạch học tập và bài thu hoạch do "
        "cấp ủy thông báo qua mục Thông báo.",
        "/van-ban/",
    ),
    (
        "tim-van-ban",
        "Tìm văn bản, nghị quyết theo số hiệu thế nào?",
        ["tra cứu văn bản", "tìm nghị quyết số", "tìm chỉ thị trong thư viện"],
        "Vào mục Văn bản, gõ số hiệu (ví dụ 57-NQ/TW) hoặc vài chữ của tên văn bản vào ô tìm kiếm, có dấu hay không dấu "
        "đều được.",
        "/van-ban/",
    ),
    (
        "luu-van-ban",
        "Lưu văn bản để đọc lại sau như thế nào?",
        ["đánh dấu văn bản", "văn bản đã lưu", "bookmark tài liệu"],
        "Mở văn bản và bấm Lưu văn bản; các văn bản đã lưu có trong mục Văn bản, bộ lọc Đã lưu.",
        "/van-ban/",
    ),
    (
        "tin-tuc",
        "Xem tin tức của đảng bộ ở đâu?",
        ["tin tức mới của huyện ủy", "bản tin đảng bộ", "thông báo của cấp ủy"],
        "Mục Tin tức có tin của đảng bộ và các cấp ủy (kể cả tin lấy từ trang tin của tỉnh); tin chưa đọc được đánh dấu.",
        "/tin-tuc/",
    ),
    (
        "gui-kien-nghi",
        "Gửi ý kiến, kiến nghị tới chi bộ hoặc cấp ủy như thế nào?",
        ["phản ánh với cấp ủy", "kiến nghị với đảng ủy", "gửi đề xuất lên chi bộ"],
        "Vào mục Ý kiến, kiến nghị, chọn Gửi ý kiến, chọn nơi nhận (chi bộ, đảng ủy cơ sở hoặc cấp trên), viết nội dung và "
        "đính kèm tệp nếu cần. Đồng chí theo dõi trạng thái và trả lời ngay trên ứng dụng.",
        "/y-kien/",
    ),
    (
        "an-danh",
        "Gửi kiến nghị có giấu tên được không?",
        ["gửi ý kiến ẩn danh", "không muốn chi bộ biết tên", "giấu tên khi phản ánh"],
        "Khi gửi, chọn Không hiện tên với chi bộ: bí thư, phó bí thư chi bộ không thấy tên đồng chí; cấp ủy cấp trên xử lý "
        "ý kiến vẫn thấy tên để trả lời và bảo đảm trách nhiệm.",
        "/y-kien/",
    ),
    (
        "nhiem-vu",
        "Xem nhiệm vụ chi bộ giao cho tôi ở đâu?",
        ["việc được phân công sau họp", "nhiệm vụ của tôi", "cập nhật tiến độ nhiệm vụ"],
        "Các nhiệm vụ được giao trong biên bản, nghị quyết chi bộ có ở mục Sinh hoạt chi bộ, phần Nhiệm vụ của tôi; đồng "
        "chí cập nhật tiến độ ở đó.",
        "/sinh-hoat/",
    ),
    (
        "lich-ca-nhan",
        "Đưa lịch sinh hoạt chi bộ vào lịch điện thoại được không?",
        ["đồng bộ lịch google", "lịch họp vào calendar", "đường dẫn lịch cá nhân"],
        "Được: mục Sinh hoạt chi bộ có Đường dẫn lịch cá nhân (iCalendar); thêm đường dẫn đó vào ứng dụng lịch của điện "
        "thoại để lịch họp tự cập nhật.",
        "/sinh-hoat/",
    ),
    (
        "khong-co-smartphone",
        "Đảng viên không có điện thoại thông minh thì dùng Sổ tay thế nào?",
        ["không có smartphone", "người già không dùng điện thoại", "nhờ bí thư làm thay"],
        "Bí thư chi bộ được ghi ý kiến, điểm danh và gửi kiến nghị thay cho đảng viên không có điện thoại thông minh; mọi "
        "thao tác làm thay đều được ghi nhật ký.",
        "",
    ),
    (
        "bao-mat",
        "Thông tin cá nhân của tôi trên Sổ tay có được bảo mật không?",
        ["ai xem được số căn cước của tôi", "bảo vệ dữ liệu cá nhân", "lộ thông tin đảng viên"],
        "Số căn cước, kết quả xếp loại, kỷ luật chỉ người có thẩm quyền xem; mọi lần xem, sửa đều được ghi nhật ký; dữ liệu "
        "của mỗi đảng bộ được tách riêng.",
        "",
    ),
    (
        "hai-lop",
        "Xác thực hai bước là gì, có bắt buộc không?",
        ["mã xác thực ứng dụng", "bảo mật hai lớp", "đăng nhập bằng mã otp"],
        "Xác thực hai bước yêu cầu thêm mã từ ứng dụng xác thực khi đăng nhập; bắt buộc với tài khoản quản trị, đảng viên "
        "có thể tự bật trong mục Tài khoản.",
        "/tai-khoan/",
    ),
    (
        "bi-thu-nhiem-vu",
        "Nhiệm vụ của bí thư chi bộ trên Sổ tay gồm những gì?",
        ["bí thư chi bộ làm gì trên ứng dụng", "quản lý buổi sinh hoạt", "thông báo lịch họp cho đảng viên"],
        "Bí thư lên lịch và nội dung sinh hoạt, thông báo cho đảng viên, điểm danh, ghi biên bản, nghị quyết, giao nhiệm vụ, "
        "cấp tài khoản cho đảng viên và trả lời ý kiến, kiến nghị gửi chi bộ.",
        "/sinh-hoat/quan-ly/",
    ),
    (
        "cap-tai-khoan",
        "Đảng viên mới chưa có tài khoản thì ai cấp?",
        ["cấp tài khoản sổ tay", "tài khoản đăng nhập cho đảng viên mới", "chưa có tên đăng nhập"],
        "Bí thư chi bộ hoặc quản trị đảng bộ cấp tài khoản trong mục Tài khoản; đảng viên nhận phiếu có tên đăng nhập và "
        "mật khẩu dùng một lần.",
        "/tai-khoan/",
    ),
    (
        "tu-phe-binh",
        "Kiểm điểm tự phê bình và phê bình trong chi bộ thế nào?",
        ["phê bình và tự phê bình", "góp ý đảng viên trong chi bộ", "kiểm điểm cá nhân"],
        "Mỗi đảng viên tự kiểm điểm theo gợi ý của cấp ủy; chi bộ góp ý trong buổi sinh hoạt, tinh thần thẳng thắn, xây "
        "dựng; kết quả dùng cho đánh giá, xếp loại cuối năm.",
        "",
    ),
    (
        "nghi-quyet-chi-bo",
        "Xem nghị quyết, biên bản buổi sinh hoạt đã họp ở đâu?",
        ["biên bản họp chi bộ", "nghị quyết tháng của chi bộ", "xem lại buổi sinh hoạt trước"],
        "Mục Sinh hoạt chi bộ, phần Các buổi đã họp: mở buổi sinh hoạt để xem biên bản đã duyệt, nghị quyết và nhiệm vụ.",
        "/sinh-hoat/",
    ),
    (
        "bieu-quyet-kin",
        "Biểu quyết kín trên Sổ tay có lộ ai bỏ phiếu gì không?",
        ["bỏ phiếu kín", "phiếu bầu có bí mật không", "biểu quyết bí mật"],
        "Không: với biểu quyết kín, hệ thống chỉ ghi ai đã bỏ phiếu, không ghi lựa chọn của từng người; kết quả chỉ là số "
        "phiếu mỗi phương án.",
        "",
    ),
    (
        "dang-vien-chuyen-den",
        "Đảng viên mới chuyển đến chi bộ thì tài khoản cũ có dùng được không?",
        ["chuyển đến chi bộ mới tài khoản", "chuyển sinh hoạt có mất tài khoản không", "đổi chi bộ trên ứng dụng"],
        "Trong cùng đảng bộ, tài khoản giữ nguyên và tự chuyển sang chi bộ mới khi hồ sơ được cập nhật. Chuyển sang đảng bộ "
        "tỉnh khác thì đảng bộ nơi đến cấp tài khoản mới.",
        "",
    ),
    (
        "tro-ly-la-gi",
        "Trợ lý ảo trả lời được những câu hỏi gì?",
        ["trợ lý ảo là gì", "hỏi đáp tự động", "hỏi trợ lý sổ tay"],
        "Trợ lý ảo trả lời từ bộ câu hỏi – trả lời do cấp ủy biên soạn và tìm trong thư viện văn bản. Câu chưa trả lời được "
        "có thể gửi tới cấp ủy như một kiến nghị.",
        "/tro-ly/",
    ),
]
